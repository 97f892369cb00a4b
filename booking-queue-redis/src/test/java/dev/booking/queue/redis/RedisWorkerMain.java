package dev.booking.queue.redis;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.booking.jdbc.JdbcSeatRepository;
import dev.booking.queue.line.LineWorkers;

import java.net.URI;
import java.util.concurrent.CountDownLatch;

/**
 * A worker process of the Redis line's kit fixture: LineWorkers on a RedisLine, deciding on the
 * test's H2 TCP seat store. Args: redis-uri line-name partitions capacity threads jdbc-url
 * client-name. Prints {@code booking-line-worker: ready} once started; SIGTERM closes the workers
 * gracefully, SIGKILL is the crash the kit wants.
 */
public final class RedisWorkerMain {

    private RedisWorkerMain() {
    }

    /** Runs until stopped or killed. */
    public static void main(String[] args) throws InterruptedException {
        URI redis = URI.create(args[0]);
        String name = args[1];
        int partitions = Integer.parseInt(args[2]);
        long capacity = Long.parseLong(args[3]);
        int threads = Integer.parseInt(args[4]);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(args[5]);
        config.setMaximumPoolSize(threads + 2);
        HikariDataSource dataSource = new HikariDataSource(config);
        RedisLine line = RedisLine.builder(redis).name(name).partitions(partitions).capacity(capacity)
                .clientName(args[6]).build();
        JdbcSeatRepository seats = JdbcSeatRepository.builder(dataSource).build();
        LineWorkers workers = LineWorkers.builder(line, seats).threads(threads)
                .workerName("process-" + ProcessHandle.current().pid()).build().start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            workers.close();
            line.close();
            dataSource.close();
            stopped.countDown();
        }));
        System.out.println("booking-line-worker: ready");
        System.out.flush();
        stopped.await();
    }
}

package dev.booking.queue.rabbitmq;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.booking.core.SeatRepository;
import dev.booking.jdbc.JdbcSeatRepository;
import dev.booking.queue.line.LineWorkers;
import dev.booking.tck.line.WorkerProcess;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * A worker process for the compatibility test: LineWorkers on a RabbitMqLine, deciding on the
 * test's seat store over JDBC. Arguments: broker URI, line name, partitions, capacity, threads,
 * JDBC URL. Prints {@value WorkerProcess#READY} once its workers have started; stops gracefully on
 * SIGTERM.
 */
public final class RabbitMqWorkerMain {

    private RabbitMqWorkerMain() {
    }

    /**
     * Runs the workers until the process is stopped.
     *
     * @param args broker URI, line name, partitions, capacity, threads, JDBC URL, and optionally a
     *             delay in milliseconds before each claim (so that a test can kill it mid-line)
     * @throws InterruptedException never in practice: the main thread waits for ever
     */
    public static void main(String[] args) throws InterruptedException {
        URI broker = URI.create(args[0]);
        String name = args[1];
        int partitions = Integer.parseInt(args[2]);
        long capacity = Long.parseLong(args[3]);
        int threads = Integer.parseInt(args[4]);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(args[5]);
        config.setMaximumPoolSize(threads + 2);
        HikariDataSource dataSource = new HikariDataSource(config);
        RabbitMqLine line = RabbitMqLine.builder(broker).name(name).partitions(partitions).capacity(capacity).build();
        SeatRepository seats = JdbcSeatRepository.builder(dataSource).build();
        long claimDelayMillis = args.length > 6 ? Long.parseLong(args[6]) : 0;
        if (claimDelayMillis > 0) {
            seats = slowed(seats, claimDelayMillis);
        }
        LineWorkers workers = LineWorkers.builder(line, seats)
                .threads(threads).pollWait(Duration.ofMillis(50))
                .workerName("process-" + ProcessHandle.current().pid()).build().start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            workers.close();
            line.close();
            dataSource.close();
            stopped.countDown();
        }));
        System.out.println(WorkerProcess.READY);
        System.out.flush();
        stopped.await();
    }

    private static SeatRepository slowed(SeatRepository seats, long millis) {
        return (SeatRepository) Proxy.newProxyInstance(SeatRepository.class.getClassLoader(),
                new Class<?>[] {SeatRepository.class}, (proxy, method, methodArgs) -> {
                    if (method.getName().equals("claim")) {
                        Thread.sleep(millis);
                    }
                    try {
                        return method.invoke(seats, methodArgs);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}

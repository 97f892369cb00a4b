package dev.booking.notify.it;

import dev.booking.core.outbox.DeliveryResult;
import dev.booking.core.outbox.NoticeDelivery;
import dev.booking.core.outbox.OutboxRelay;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * Rule N3's relay process: relays the outbox by email, one record at a time, and stops dead in the
 * window the relay cannot close: the SMTP server has accepted the message and the record is not
 * yet marked sent. There it prints {@code accepted <notice id>} and blocks until it is killed with
 * {@code kill -9}.
 */
public final class RelayProcessMain {

    /** The line printed in the window, followed by the notice's id. */
    static final String ACCEPTED = "accepted ";

    private RelayProcessMain() {
    }

    /** Arguments: the store (four, see {@link StoreSpec#args()}), the SMTP port, and the lease in milliseconds. */
    public static void main(String[] args) throws InterruptedException {
        StoreSpec spec = StoreSpec.parse(args, 0);
        int smtpPort = Integer.parseInt(args[4]);
        Duration lease = Duration.ofMillis(Long.parseLong(args[5]));
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        Stores stores = spec.open(2); // never closed: the process is killed holding it
        NoticeDelivery mail = Smtp.delivery(smtpPort);
        CountDownLatch never = new CountDownLatch(1);
        NoticeDelivery stopsAfterAcceptance = notice -> {
            DeliveryResult result = mail.deliver(notice);
            if (result instanceof DeliveryResult.Delivered) {
                out.println(ACCEPTED + notice.id());
                try {
                    never.await(); // the process dies here, before the relay can mark the record sent
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            } else {
                out.println("not accepted " + notice.id() + ": " + result);
            }
            return result;
        };
        OutboxRelay.builder(stores.outbox(), stopsAfterAcceptance)
                .threads(1)
                .batchSize(1)
                .lease(lease)
                .pollInterval(Duration.ofMillis(50))
                .relayName("doomed-relay")
                .build()
                .start();
        never.await(); // until kill -9
    }
}

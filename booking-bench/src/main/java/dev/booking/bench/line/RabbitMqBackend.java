package dev.booking.bench.line;

/** The RabbitMq line for the harness; its implementation arrives with branch line-rabbitmq. */
final class RabbitMqBackend {

    private RabbitMqBackend() {
    }

    static LineBackend open(String url, String name, int partitions, long capacity) {
        throw new IllegalStateException("the RABBITMQ line is not in this build yet");
    }

    static LineBackend open(String name, int partitions, long capacity) {
        return open(null, name, partitions, capacity);
    }
}

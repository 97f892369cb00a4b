package dev.booking.spring.boot;

import org.springframework.context.SmartLifecycle;

/**
 * Starts a component's threads once the context is refreshed and stops them first on shutdown
 * (the last phase), before the beans they use (the line's transport, the store) are destroyed.
 * Thread-safe: Spring calls it from one thread, the flag is volatile for readers elsewhere.
 */
final class RunningLifecycle implements SmartLifecycle {

    private final Runnable start;
    private final Runnable stop;
    private volatile boolean running;

    RunningLifecycle(Runnable start, Runnable stop) {
        this.start = start;
        this.stop = stop;
    }

    @Override
    public void start() {
        start.run();
        running = true;
    }

    @Override
    public void stop() {
        // the components cannot be started again once closed: a stopped context is not restarted
        running = false;
        stop.run();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}

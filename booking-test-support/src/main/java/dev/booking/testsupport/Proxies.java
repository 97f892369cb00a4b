package dev.booking.testsupport;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/** What the tests' dynamic proxies (data sources, connections, clients that record or inject) share. */
public final class Proxies {

    private Proxies() {
    }

    /**
     * Calls {@code method} on {@code target} as the proxy's caller asked, and throws what the target
     * threw, unwrapped, so the proxy is transparent to the caller's exception handling.
     */
    public static Object forward(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}

package dev.booking.notify.mail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Just enough of an SMTP server to give the answers GreenMail cannot: greets with 220, answers
 * EHLO with 250, and fails one chosen step (MAIL FROM, RCPT TO or the end of the data) with a chosen
 * reply; or, {@link #silent()}, accepts connections and never says a word. One connection at a
 * time, on a free loopback port.
 */
final class ScriptedSmtpServer implements AutoCloseable {

    /** The step that fails. */
    enum Step { MAIL, RCPT, DATA }

    private final ServerSocket socket;
    private final Thread thread;
    private final AtomicInteger messagesAccepted = new AtomicInteger();

    private ScriptedSmtpServer(Step failing, String reply) throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        thread = new Thread(() -> serve(failing, reply), "scripted-smtp");
        thread.setDaemon(true);
        thread.start();
    }

    /** A server that fails {@code step} with {@code reply}, e.g. {@code "451 4.3.0 try again later"}. */
    static ScriptedSmtpServer failing(Step step, String reply) throws IOException {
        return new ScriptedSmtpServer(step, reply);
    }

    /** A server that accepts connections and never answers. */
    static ScriptedSmtpServer silent() throws IOException {
        return new ScriptedSmtpServer(null, null);
    }

    int port() {
        return socket.getLocalPort();
    }

    /** Messages whose data this server accepted with 250: none, unless the script lets one through. */
    int messagesAccepted() {
        return messagesAccepted.get();
    }

    private void serve(Step failing, String reply) {
        while (!socket.isClosed()) {
            try (Socket client = socket.accept()) {
                if (failing != null) {
                    converse(client, failing, reply);
                } else {
                    client.getInputStream().read(); // blocks until the client gives up and closes
                }
            } catch (IOException e) {
                // the client hung up, or close() closed the socket: wait for the next one, or end
            }
        }
    }

    private void converse(Socket client, Step failing, String reply) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII));
        OutputStream out = client.getOutputStream();
        say(out, "220 scripted ESMTP");
        String line;
        while ((line = in.readLine()) != null) {
            String command = line.toUpperCase(Locale.ROOT);
            if (command.startsWith("EHLO") || command.startsWith("HELO")) {
                say(out, "250 scripted");
            } else if (command.startsWith("MAIL FROM")) {
                say(out, failing == Step.MAIL ? reply : "250 2.1.0 ok");
            } else if (command.startsWith("RCPT TO")) {
                say(out, failing == Step.RCPT ? reply : "250 2.1.5 ok");
            } else if (command.equals("DATA")) {
                say(out, "354 go ahead");
                while ((line = in.readLine()) != null && !line.equals(".")) {
                    // the message itself: not needed
                }
                if (failing == Step.DATA) {
                    say(out, reply);
                } else {
                    messagesAccepted.incrementAndGet();
                    say(out, "250 2.0.0 queued");
                }
            } else if (command.equals("QUIT")) {
                say(out, "221 bye");
                return;
            } else {
                say(out, "250 ok"); // RSET, NOOP
            }
        }
    }

    private static void say(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public void close() {
        try {
            socket.close();
            thread.join(5_000);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

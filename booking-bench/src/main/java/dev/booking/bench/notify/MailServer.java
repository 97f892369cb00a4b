package dev.booking.bench.notify;

import com.icegreen.greenmail.Managers;
import com.icegreen.greenmail.server.AbstractServer;
import com.icegreen.greenmail.smtp.SmtpServer;
import com.icegreen.greenmail.store.FolderException;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

import javax.net.SocketFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * An SMTP server in this JVM (GreenMail, on a free port of 127.0.0.1 only) that keeps every message
 * it accepts, and the Jakarta Mail {@link Session} that sends to it. It accepts any recipient, as a
 * relay host would; nothing leaves the machine. Close it to stop the server.
 */
public final class MailServer implements AutoCloseable {

    /** The domain every racer's address is in: {@code user-7@race.test}. */
    public static final String DOMAIN = "race.test";
    /** The sender of every message. */
    public static final String FROM = "tickets@" + DOMAIN;

    private final GreenMail greenMail;
    private final Session session;

    private MailServer(GreenMail greenMail) {
        this.greenMail = greenMail;
        Properties properties = new Properties();
        properties.put("mail.smtp.host", "127.0.0.1");
        properties.put("mail.smtp.port", Integer.toString(port()));
        // a local server answers at once; a stuck one must fail the attempt, not hold a relay thread
        properties.put("mail.smtp.connectiontimeout", "5000");
        properties.put("mail.smtp.timeout", "10000");
        properties.put("mail.smtp.writetimeout", "10000");
        properties.put("mail.smtp.socketFactory", new NoDelaySockets());
        this.session = Session.getInstance(properties);
    }

    /** Starts the server on a free port of the loopback address. */
    public static MailServer start() {
        GreenMail greenMail = new NoDelayGreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP)
                .dynamicPort());
        greenMail.start();
        return new MailServer(greenMail);
    }

    /**
     * GreenMail whose SMTP server answers without Nagle's delay: it writes a reply in several small
     * writes, and on loopback each write after the first then waited for the client's delayed
     * acknowledgement (some 40 ms), which made one message take 50 ms instead of one.
     */
    private static final class NoDelayGreenMail extends GreenMail {
        NoDelayGreenMail(ServerSetup setup) {
            super(setup);
        }

        @Override
        protected Map<String, AbstractServer> createServices(ServerSetup[] setups, Managers managers) {
            Map<String, AbstractServer> services = new HashMap<>();
            for (ServerSetup setup : setups) {
                services.put(setup.getProtocol(), new SmtpServer(setup, managers) {
                    @Override
                    protected void handleClientSocket(Socket socket) throws SocketException {
                        socket.setTcpNoDelay(true);
                        super.handleClientSocket(socket);
                    }
                });
            }
            return services;
        }
    }

    /** Sockets without Nagle's delay, for the same reason, on the sending side: the message's end is a small write. */
    private static final class NoDelaySockets extends SocketFactory {
        @Override
        public Socket createSocket() throws SocketException {
            Socket socket = new Socket();
            socket.setTcpNoDelay(true);
            return socket;
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return connected(new InetSocketAddress(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            Socket socket = createSocket();
            socket.bind(new InetSocketAddress(localHost, localPort));
            socket.connect(new InetSocketAddress(host, port));
            return socket;
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return connected(new InetSocketAddress(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            Socket socket = createSocket();
            socket.bind(new InetSocketAddress(localAddress, localPort));
            socket.connect(new InetSocketAddress(address, port));
            return socket;
        }

        private Socket connected(InetSocketAddress address) throws IOException {
            Socket socket = createSocket();
            socket.connect(address);
            return socket;
        }
    }

    /** The address of a racer: the resolver {@code user -> user + "@race.test"}. */
    public static String addressOf(String user) {
        return user + "@" + DOMAIN;
    }

    /** The port the server listens on. */
    public int port() {
        return greenMail.getSmtp().getServerSetup().getPort();
    }

    /** The session that sends to this server. */
    public Session session() {
        return session;
    }

    /** One line naming the server. */
    public String description() {
        return "GreenMail SMTP server in this JVM on 127.0.0.1:" + port();
    }

    /** Every message accepted so far, in arrival order. */
    public List<MimeMessage> messages() {
        return List.of(greenMail.getReceivedMessages());
    }

    /** How many messages it has accepted so far. */
    public int count() {
        return greenMail.getReceivedMessages().length;
    }

    /** Forgets every message accepted so far. */
    public void clear() {
        try {
            greenMail.purgeEmailFromAllMailboxes();
        } catch (FolderException e) {
            throw new IllegalStateException("could not clear the SMTP server's mailboxes: " + e.getMessage(), e);
        }
    }

    /**
     * The notice id a message carries in its {@code Message-ID} ({@code <id@domain>}), or null if it
     * has none of that form.
     */
    public static String noticeId(MimeMessage message) {
        String messageId;
        try {
            messageId = message.getMessageID();
        } catch (MessagingException e) {
            return null;
        }
        if (messageId == null) {
            return null;
        }
        String bare = messageId.trim();
        if (bare.startsWith("<") && bare.endsWith(">")) {
            bare = bare.substring(1, bare.length() - 1);
        }
        int at = bare.indexOf('@');
        return at <= 0 ? null : bare.substring(0, at);
    }

    /** The recipients of a message, as text; empty if unreadable. */
    public static List<String> recipients(MimeMessage message) {
        List<String> addresses = new ArrayList<>();
        try {
            jakarta.mail.Address[] all = message.getAllRecipients();
            if (all != null) {
                for (jakarta.mail.Address address : all) {
                    addresses.add(address instanceof jakarta.mail.internet.InternetAddress internet
                            ? internet.getAddress() : address.toString());
                }
            }
        } catch (MessagingException e) {
            // reported as a message without its recipient
        }
        return addresses;
    }

    @Override
    public void close() {
        greenMail.stop();
    }
}

package dev.booking.demo;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Starts the demo: {@code ./demo} from the repository root, or {@code ./demo --profile postgres}. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class DemoApplication {

    /**
     * Runs the application.
     *
     * @param args Spring Boot's command line, e.g. {@code --server.port=8081}
     */
    public static void main(String[] args) {
        SpringApplication.run(DemoApplication.class, args);
    }
}

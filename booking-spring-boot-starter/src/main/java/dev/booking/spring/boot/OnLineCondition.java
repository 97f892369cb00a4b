package dev.booking.spring.boot;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** Matches when {@code booking.line.transport} names a transport, bound as the properties bind it (any case). */
final class OnLineCondition extends SpringBootCondition {

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        BookingProperties.Transport transport = Binder.get(context.getEnvironment())
                .bind("booking.line.transport", BookingProperties.Transport.class)
                .orElse(BookingProperties.Transport.NONE);
        return transport == BookingProperties.Transport.NONE
                ? ConditionOutcome.noMatch("booking.line.transport is none")
                : ConditionOutcome.match("booking.line.transport is " + transport);
    }
}

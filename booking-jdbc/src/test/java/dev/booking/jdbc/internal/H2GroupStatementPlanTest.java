package dev.booking.jdbc.internal;

import dev.booking.jdbc.JdbcSeatRepository;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Why H2 runs its group statements one seat at a time: with one seat, H2 finds the row by the whole
 * primary key; with a list of several it uses the key's show column only and reads every seat of the
 * show, which made a group claim on a show of 100,000 seats take 50 ms. Checked on H2's own plans.
 */
class H2GroupStatementPlanTest {

    @Test
    void oneSeatPerStatementIsFoundByTheWholeKeyWhereAListWouldReadTheShow() throws SQLException {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:h2-group-plan;DB_CLOSE_DELAY=-1");
        JdbcSeatRepository.builder(dataSource).table("plan_seats").build().createSchema();
        H2Sql h2 = new H2Sql();
        String bookSeats = h2.statements(new TableName("plan_seats")).bookSeats();

        assertThat(h2.seatsPerGroupStatement()).isEqualTo(1);
        assertThat(plan(dataSource, SeatStatements.forSeats(bookSeats, 1))).contains("SEAT_NO = ?");
        assertThat(plan(dataSource, SeatStatements.forSeats(bookSeats, 4))).doesNotContain("SEAT_NO = ?")
                .contains("SHOW_ID = ?");
    }

    /** The index condition H2 chose, the comment after the table name in its plan. */
    private static String plan(JdbcDataSource dataSource, String statement) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement explain = connection.prepareStatement("EXPLAIN " + statement);
             ResultSet plan = explain.executeQuery()) {
            plan.next();
            String text = plan.getString(1);
            return text.substring(text.indexOf("/*"), text.indexOf("*/"));
        }
    }
}

package dev.gatehouse.it.cluster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Users written straight into Keycloak's PostgreSQL tables, as rows Keycloak itself would write: random UUID ids,
 * usernames {@code bench0000001…}, every 10th user with two attributes and a membership of one group. Generated
 * by the database ({@code generate_series}, {@code gen_random_uuid()}) in chunks of one transaction each: a million
 * users in about a minute, where Keycloak's admin API takes hours.
 */
final class LargeRealmRows {

    private static final int CHUNK = 100_000;
    private static final String EVERY_10TH = " from user_entity where realm_id = ? and username between ? and ?"
            + " and substring(username from 6)::int % 10 = 0";

    private LargeRealmRows() {
    }

    /** Writes users 1..count of the realm and refreshes the planner's statistics (autovacuum's job in a live database). */
    static void write(PostgresDatabase database, String realmId, String groupId, int count) throws SQLException {
        try (Connection c = database.connect()) {
            c.setAutoCommit(false);
            long now = System.currentTimeMillis();
            for (int from = 1; from <= count; from += CHUNK) {
                int to = Math.min(count, from + CHUNK - 1);
                String low = String.format("bench%07d", from);
                String high = String.format("bench%07d", to);
                try (PreparedStatement users = c.prepareStatement("insert into user_entity (id, username, email, email_constraint,"
                        + " email_verified, enabled, first_name, last_name, realm_id, created_timestamp, not_before)"
                        + " select gen_random_uuid()::text, 'bench' || lpad(x::text, 7, '0'), 'bench' || lpad(x::text, 7, '0')"
                        + " || '@partner.example', 'bench' || lpad(x::text, 7, '0') || '@partner.example', true, true, 'Bench',"
                        + " 'User ' || x, ?, ?, 0 from generate_series(?, ?) x")) {
                    users.setString(1, realmId);
                    users.setLong(2, now);
                    users.setInt(3, from);
                    users.setInt(4, to);
                    users.executeUpdate();
                }
                for (List<String> attribute : List.of(List.of("department", "Research"), List.of("title", "Analyst"))) {
                    try (PreparedStatement attributes = c.prepareStatement("insert into user_attribute (id, name, value, user_id)"
                            + " select gen_random_uuid()::text, ?, ?, id" + EVERY_10TH)) {
                        attributes.setString(1, attribute.get(0));
                        attributes.setString(2, attribute.get(1));
                        attributes.setString(3, realmId);
                        attributes.setString(4, low);
                        attributes.setString(5, high);
                        attributes.executeUpdate();
                    }
                }
                try (PreparedStatement memberships = c.prepareStatement("insert into user_group_membership (group_id, user_id,"
                        + " membership_type) select ?, id, 'UNMANAGED'" + EVERY_10TH)) {
                    memberships.setString(1, groupId);
                    memberships.setString(2, realmId);
                    memberships.setString(3, low);
                    memberships.setString(4, high);
                    memberships.executeUpdate();
                }
                c.commit();
            }
            c.setAutoCommit(true);
            try (Statement s = c.createStatement()) {
                s.execute("vacuum analyze user_entity, user_attribute, user_group_membership");
            }
        }
    }
}

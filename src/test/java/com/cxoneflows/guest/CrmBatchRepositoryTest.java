package com.cxoneflows.guest;

import com.cxoneflows.store.Database;
import com.cxoneflows.store.StoreSettings;
import com.cxoneflows.testing.OnBothStores;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.processor.aggregate.jdbc.JdbcAggregationRepository;
import org.apache.camel.processor.aggregate.jdbc.JdbcCamelCodec;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serial;
import java.io.Serializable;
import java.net.URL;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The CRM batch repository reads back what the aggregator stores (a batch, its count of records, the properties
 * Camel adds), and
 * refuses a row holding any other class without instantiating it, on H2 and PostgreSQL.
 */
class CrmBatchRepositoryTest extends OnBothStores {

    /** camel-sql 4.18.0's own default, for the counterfactual. */
    private static final String CAMEL_DEFAULT_FILTER = "java.**;org.apache.camel.**;!*";

    /** Counts instantiations by deserialization: a refused row must leave it at zero. */
    static final AtomicInteger GADGETS_BUILT = new AtomicInteger();

    /** Stands for a gadget class an attacker who can write the table would plant. */
    static final class Gadget implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;

        @Serial
        private void readObject(ObjectInputStream in) throws java.io.IOException, ClassNotFoundException {
            in.defaultReadObject();
            GADGETS_BUILT.incrementAndGet();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void shouldReadBackABatchAndRefuseAnyOtherClass(String vendor, Supplier<StoreSettings> store) throws Exception {
        try (Database database = Database.open(store.get()); CamelContext camel = new DefaultCamelContext()) {
            camel.start();
            JdbcAggregationRepository repository = CrmBatchRepository.create(database.dataSource(), Duration.ofSeconds(5),
                    "node-1", Instant::now);
            repository.start();

            Exchange batch = new DefaultExchange(camel);
            batch.getIn().setBody("[{\"conversationId\":\"c-1\"},{\"conversationId\":\"c-2\"}]");
            batch.getIn().setHeader("batchNote", "kept");
            batch.getIn().setHeader(CrmBatchStrategy.RECORDS, 2);
            batch.setProperty(Exchange.AGGREGATED_SIZE, 2);
            batch.setProperty(Exchange.AGGREGATED_TIMEOUT, 30_000L);
            batch.setProperty(Exchange.AGGREGATED_CORRELATION_KEY, "crm");
            repository.add(camel, "crm", batch);

            Exchange readBack = repository.get(camel, "crm");
            assertThat(readBack.getIn().getBody(String.class)).isEqualTo(batch.getIn().getBody(String.class));
            assertThat(readBack.getIn().getHeader("batchNote")).isEqualTo("kept");
            // the batch's count of records comes back with it: a batch is not read to be counted
            assertThat(readBack.getIn().getHeader(CrmBatchStrategy.RECORDS)).isEqualTo(2);
            assertThat(readBack.getProperty(Exchange.AGGREGATED_SIZE, Integer.class)).isEqualTo(2);

            plant(database, "planted", serialized(new Gadget()));
            assertThatThrownBy(() -> repository.get(camel, "planted")).hasStackTraceContaining("InvalidClassException");
            assertThat(GADGETS_BUILT).hasValue(0);

            // a JDK class Camel's default filter (java.**;org.apache.camel.**) lets in: java.net.URL, the URLDNS gadget
            Exchange withUrl = new DefaultExchange(camel);
            withUrl.getIn().setBody(new URL("http://gadget.invalid/"));
            byte[] urlRow = new JdbcCamelCodec().marshallExchange(withUrl, false);
            assertThat(new JdbcCamelCodec().unmarshallExchange(camel, urlRow, CAMEL_DEFAULT_FILTER).getIn().getBody())
                    .isInstanceOf(URL.class);
            plant(database, "planted-url", urlRow);
            assertThatThrownBy(() -> repository.get(camel, "planted-url")).hasStackTraceContaining("InvalidClassException");
            repository.stop();
        }
    }

    private static byte[] serialized(Object payload) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(payload);
        }
        return bytes.toByteArray();
    }

    /** A row written straight into the table, as someone with write access to the store could. */
    private static void plant(Database database, String key, byte[] row) throws Exception {
        try (Connection connection = database.dataSource().getConnection();
             PreparedStatement insert = connection.prepareStatement(
                     "INSERT INTO " + CrmBatchRepository.TABLE + " (id, exchange, version) VALUES (?, ?, 1)")) {
            insert.setString(1, key);
            insert.setBytes(2, row);
            insert.executeUpdate();
        }
    }
}

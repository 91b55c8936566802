package com.cxoneflows.store;

import java.sql.Connection;
import java.sql.SQLException;

/** A piece of JDBC work run inside {@link Database#inTransaction(SqlWork)}. */
@FunctionalInterface
public interface SqlWork<T> {

    T run(Connection connection) throws SQLException;
}

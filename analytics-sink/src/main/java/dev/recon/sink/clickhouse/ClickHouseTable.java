package dev.recon.sink.clickhouse;

import java.util.List;

/**
 * How rows of one type are stored in one ClickHouse table: the column list of the INSERT and the
 * RowBinary encoding of one row in that order.
 *
 * <p>Assumption: the columns named here exist in the table created by the migrations; columns
 * left out take their DEFAULT.
 */
public interface ClickHouseTable<T> {

    String name();

    List<String> columns();

    void encode(T row, RowBinaryOutput out);

    /**
     * The ClickHouse types of {@link #columns()}, in order, exactly as the migrations create them;
     * when given (and {@link NativeBlock#supports} them) the writer sends batches in the Native
     * format, which the server parses far cheaper than RowBinary. Empty: RowBinary.
     */
    default List<String> columnTypes() {
        return List.of();
    }
}

package dev.recon.testkit.clickhouse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

class InsertBodyTest {

    @Test
    void blocksThenRestGiveBackEveryByteInOrder() throws IOException {
        Random random = new Random(5);
        // empty, less than a block, exactly one 8 MB block, several blocks, limits below and above the body
        int[] sizes = {0, 1, 1_000_003, 8 << 20, (8 << 20) + 1, 20_000_017};
        long[] limits = {0, 1, 150_000, 8L << 20, 12_345_678, InsertBody.DEFAULT_READ_AHEAD_BYTES};
        for (int size : sizes) {
            byte[] body = new byte[size];
            random.nextBytes(body);
            for (long limit : limits) {
                try (InsertBody received = InsertBody.readAhead(new ByteArrayInputStream(body), limit)) {
                    ByteArrayOutputStream all = new ByteArrayOutputStream(size);
                    for (int i = 0; i < received.blockCount(); i++) {
                        all.write(received.block(i).getByteArray(0, received.blockLength(i)));
                    }
                    assertEquals(Math.min(size, limit), received.length(), "size " + size + ", limit " + limit);
                    if (size < limit) {
                        assertNull(received.rest(), "whole body read ahead: size " + size + ", limit " + limit);
                    } else {
                        all.write(received.rest().readAllBytes());
                    }
                    assertArrayEquals(body, all.toByteArray(), "size " + size + ", limit " + limit);
                }
            }
        }
    }

    @Test
    void aClientGoneMidBodyFailsBeforeTheEngineIsAsked() {
        InputStream cut = new InputStream() {
            private int left = 3_000_000;

            @Override
            public int read() throws IOException {
                if (left-- <= 0) {
                    throw new IOException("connection reset");
                }
                return 7;
            }
        };
        IOException thrown = assertThrows(IOException.class, () -> InsertBody.readAhead(cut, InsertBody.DEFAULT_READ_AHEAD_BYTES));
        assertEquals("connection reset", thrown.getMessage());
    }
}

package dev.recon.sink;

import java.util.ArrayList;
import java.util.List;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * Hands sealed batches from the producing thread to one or more delivery threads through a bounded
 * queue. When the queue is full, {@link #submit} blocks: that is the back-pressure the jobs feel
 * (a Flink sink stops pulling, a Spring Batch chunk waits), instead of memory growing while a
 * store is down. With one delivery thread, batches are delivered in order, one at a time; with
 * {@code senders > 1} up to that many are in flight and may complete out of order, which only
 * stores that order versions themselves may accept (external versions in Elasticsearch, the
 * version column of a ReplacingMergeTree); {@link #awaitDelivered} still waits for all of them.
 *
 * <p>Assumptions: one producer thread at a time (the writers that use this are not shared between
 * threads); a delivery that throws has exhausted its retries, so the pipeline fails: every later
 * call throws {@link SinkWriteException} naming the first cause, and nothing is silently dropped.
 *
 * @param <B> a sealed batch
 */
public final class BatchPipeline<B> implements AutoCloseable {

    /** Delivers one batch, retrying as it sees fit; throws once it gives up. */
    @FunctionalInterface
    public interface Delivery<B> {
        void deliver(B batch) throws Exception;
    }

    private final BlockingQueue<Object> queue;
    private final Delivery<B> delivery;
    private final Thread sender;
    private final List<Thread> senders = new ArrayList<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Object progress = new Object();
    private final Function<B, Integer> rowCount;
    private long submitted;
    private long delivered;
    private long deliveredRows;
    private volatile boolean closed;

    private static final Object STOP = new Object();

    public BatchPipeline(String name, int maxQueuedBatches, Delivery<B> delivery, Function<B, Integer> rowCount) {
        this(name, maxQueuedBatches, 1, delivery, rowCount);
    }

    /** A pipeline with {@code senderThreads} concurrent deliveries (see the class comment for when that is safe). */
    public BatchPipeline(String name, int maxQueuedBatches, int senderThreads, Delivery<B> delivery,
                         Function<B, Integer> rowCount) {
        if (maxQueuedBatches < 1) {
            throw new IllegalArgumentException("maxQueuedBatches must be >= 1, got " + maxQueuedBatches);
        }
        if (senderThreads < 1) {
            throw new IllegalArgumentException("senderThreads must be >= 1, got " + senderThreads);
        }
        this.queue = new ArrayBlockingQueue<>(maxQueuedBatches);
        this.delivery = delivery;
        this.rowCount = rowCount;
        for (int i = 0; i < senderThreads; i++) {
            Thread thread = new Thread(this::run, senderThreads == 1 ? name : name + "-" + (i + 1));
            thread.setDaemon(true);
            senders.add(thread);
        }
        this.sender = senders.get(0);
        senders.forEach(Thread::start);
    }

    /** Queues a batch; blocks while {@code maxQueuedBatches} are waiting. */
    public void submit(B batch) throws InterruptedException {
        checkHealthy();
        if (closed) {
            throw new IllegalStateException("pipeline " + sender.getName() + " is closed");
        }
        synchronized (progress) {
            submitted++;
        }
        while (!queue.offer(batch, 200, TimeUnit.MILLISECONDS)) {
            checkHealthy();
        }
    }

    /** Waits until every submitted batch is delivered; throws if one failed or the wait timed out. */
    public void awaitDelivered(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            while (delivered < submitted) {
                checkHealthy();
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    throw new SinkWriteException("pipeline " + sender.getName() + ": " + (submitted - delivered)
                            + " batch(es) still undelivered after " + timeout, null);
                }
                progress.wait(Math.min(left, 200));
            }
        }
        checkHealthy();
    }

    public long deliveredRows() {
        synchronized (progress) {
            return deliveredRows;
        }
    }

    public void checkHealthy() {
        Throwable cause = failure.get();
        if (cause != null) {
            throw new SinkWriteException("pipeline " + sender.getName() + " failed: " + cause.getMessage(), cause);
        }
    }

    private boolean anyAlive() {
        for (Thread thread : senders) {
            if (thread.isAlive()) {
                return true;
            }
        }
        return false;
    }

    private void run() {
        try {
            while (true) {
                Object next = queue.take();
                if (next == STOP) {
                    return;
                }
                @SuppressWarnings("unchecked")
                B batch = (B) next;
                delivery.deliver(batch);
                synchronized (progress) {
                    delivered++;
                    deliveredRows += rowCount.apply(batch);
                    progress.notifyAll();
                }
            }
        } catch (InterruptedException e) {
            failure.compareAndSet(null, e);
            Thread.currentThread().interrupt();
        } catch (Throwable e) {
            failure.compareAndSet(null, e);
        } finally {
            synchronized (progress) {
                progress.notifyAll();
            }
        }
    }

    /**
     * Stops the delivery thread after delivering the queued batches (waits at most about 35 s).
     * An interrupt while waiting cuts the wait short and stays set on the calling thread.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (failure.get() == null) {
                for (Thread ignored : senders) {
                    while (anyAlive() && !queue.offer(STOP, 200, TimeUnit.MILLISECONDS)) {
                        if (failure.get() != null) {
                            break;
                        }
                    }
                }
            }
            if (failure.get() != null) {
                // the pipeline is dead: siblings of the failed sender would wait in take() for nothing
                senders.forEach(Thread::interrupt);
            }
            // Queued batches are still delivered; a delivery stuck in its retry loop is cut short.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            for (Thread thread : senders) {
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            for (Thread thread : senders) {
                if (thread.isAlive()) {
                    thread.interrupt();
                }
            }
        }
    }
}

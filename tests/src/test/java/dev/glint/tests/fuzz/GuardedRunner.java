package dev.glint.tests.fuzz;

import dev.glint.ir.GlintException;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one fuzz case on a worker thread with a time limit, so that a hang is reported as a failure
 * instead of stalling the build. A case that times out leaves its thread interrupted and abandoned (a
 * daemon, so it cannot keep the JVM alive); the next case gets a fresh thread.
 */
final class GuardedRunner implements AutoCloseable {
    /** The result of one case: its verdict and, for a failure, what went wrong. */
    record Result(Verdict verdict, Throwable problem, long nanos) {}

    private ExecutorService worker = newWorker();

    /**
     * Runs {@code task}. Its own verdict counts when it returns; a {@link GlintException} escaping it
     * counts as REJECTED when its message is clear and names {@code where} (see
     * {@link UnclearMessageException#check}); any other throwable (errors included) and a timeout are FAILED.
     */
    Result run(Callable<Verdict> task, long timeoutMillis, String where) {
        long start = System.nanoTime();
        Future<Verdict> f = worker.submit(task);
        try {
            return new Result(f.get(timeoutMillis, TimeUnit.MILLISECONDS), null, System.nanoTime() - start);
        } catch (TimeoutException e) {
            f.cancel(true);
            worker.shutdownNow();
            worker = newWorker();
            return new Result(Verdict.FAILED, new TimeoutException("no result after " + timeoutMillis + " ms"),
                    System.nanoTime() - start);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof GlintException g) {
                try {
                    UnclearMessageException.check(g, where);
                } catch (UnclearMessageException unclear) {
                    return new Result(Verdict.FAILED, unclear, System.nanoTime() - start);
                }
                return new Result(Verdict.REJECTED, null, System.nanoTime() - start);
            }
            return new Result(Verdict.FAILED, cause, System.nanoTime() - start);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("fuzzing interrupted", e);
        }
    }

    private static ExecutorService newWorker() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz-case");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}

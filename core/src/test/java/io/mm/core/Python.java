package io.mm.core;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Python 3, the reader researchers use, for the tests that read the product's files with its {@code gzip}, {@code csv}
 * and {@code json} modules. Without it such a test is skipped with one line saying what to install, and with
 * {@code CI=true} it fails instead ({@code .ci/run} installs it), so the check is never lost without a trace.
 */
public final class Python {
    private Python() {}

    /** The command that runs Python 3; aborts or fails the calling test, as above, when there is none. */
    public static String require() {
        if (!available()) {
            String why = "python3 is not installed (Debian: apt-get install python3), so the check that Python's gzip and csv "
                    + "read the files is not run";
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError(why);
            }
            Assumptions.abort("skipped: " + why);
        }
        return "python3";
    }

    private static boolean available() {
        try {
            Process p = new ProcessBuilder("python3", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}

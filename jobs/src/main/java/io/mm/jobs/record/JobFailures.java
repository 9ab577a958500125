package io.mm.jobs.record;

/** What a failed Flink job's exception chain says, in one line for a console. */
final class JobFailures {
    private JobFailures() {}

    /** True when Flink stopped restarting because the restart strategy's budget was spent. */
    static boolean restartsExhausted(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c.getMessage() != null && c.getMessage().startsWith("Recovery is suppressed by")) {
                return true;
            }
        }
        return false;
    }

    /**
     * The first exception of the chain not thrown by Flink's own machinery (the recorder's, or the JDK's: it names
     * the file and the cause), as {@code message (Type)}; the innermost one when all are Flink's.
     */
    static String cause(Throwable t) {
        Throwable last = t;
        for (Throwable c = t; c != null; c = c.getCause()) {
            last = c;
            if (!c.getClass().getName().startsWith("org.apache.flink.") && !(c instanceof java.util.concurrent.ExecutionException)
                    && !(c instanceof java.util.concurrent.CompletionException)) {
                return describe(c);
            }
        }
        return describe(last);
    }

    private static String describe(Throwable c) {
        String m = c.getMessage();
        return (m == null || m.isBlank() ? "" : m + " ") + "(" + c.getClass().getSimpleName() + ")";
    }
}

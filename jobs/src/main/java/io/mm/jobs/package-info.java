/**
 * The composition root: {@code Mm}, the entry point of {@code bin/mm}, assembles every module's commands (and
 * {@code bin/mm bench} when the bench module is on the classpath). The packages below hold the recorder job
 * ({@code record}), the bounded jobs' cluster entry points ({@code cluster}), {@code bin/mm check} ({@code check})
 * and the wiring serving needs from history ({@code serve}); the shaded {@code -job.jar} of this module is what a
 * cluster runs.
 */
package io.mm.jobs;

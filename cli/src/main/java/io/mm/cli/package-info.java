/**
 * The composition root of {@code bin/mm}: {@code Mm} assembles every module's commands (record, validate,
 * history, combine, simulator, serving, bench, check). This module is the top of the build and never part of the
 * job jar: a cluster gets the jobs, a workstation gets everything.
 */
package io.mm.cli;

package io.mm.cli.logging;

import java.util.EnumSet;
import java.util.Set;
import org.apache.flink.runtime.checkpoint.CheckpointException;
import org.apache.flink.runtime.checkpoint.CheckpointFailureReason;
import org.apache.logging.log4j.core.Filter;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.config.Node;
import org.apache.logging.log4j.core.config.plugins.Plugin;
import org.apache.logging.log4j.core.config.plugins.PluginAttribute;
import org.apache.logging.log4j.core.config.plugins.PluginFactory;
import org.apache.logging.log4j.core.filter.AbstractFilter;

/**
 * Keeps off the console the checkpoint failures Flink logs when a periodic checkpoint races a task that is
 * starting or stopping (declined: tasks not ready, task closing, input ended; a trigger or a notification for a task
 * already gone). A clean stop of {@code bin/mm record} often has one, and none means data is at risk: a checkpoint that
 * fails for any other reason (a full disk) still reaches the console. logs/mm.log keeps them all.
 */
@Plugin(name = "DeclinedCheckpointFilter", category = Node.CATEGORY, elementType = Filter.ELEMENT_TYPE, printObject = true)
public final class DeclinedCheckpointFilter extends AbstractFilter {
    static final Set<CheckpointFailureReason> RACES = EnumSet.of(CheckpointFailureReason.CHECKPOINT_DECLINED_TASK_NOT_READY,
            CheckpointFailureReason.CHECKPOINT_DECLINED_TASK_CLOSING, CheckpointFailureReason.CHECKPOINT_DECLINED_INPUT_END_OF_STREAM,
            CheckpointFailureReason.UNKNOWN_TASK_CHECKPOINT_NOTIFICATION_FAILURE);

    /** Flink's TaskExecutor, when a checkpoint is triggered for a task it no longer runs. */
    static final String UNKNOWN_TASK = "checkpoint request for unknown task";

    private DeclinedCheckpointFilter(Result onMatch, Result onMismatch) {
        super(onMatch, onMismatch);
    }

    /** Denies a race by default and lets everything else through, as the configuration needs it. */
    @PluginFactory
    public static DeclinedCheckpointFilter createFilter(@PluginAttribute("onMatch") Result onMatch,
            @PluginAttribute("onMismatch") Result onMismatch) {
        return new DeclinedCheckpointFilter(onMatch != null ? onMatch : Result.DENY, onMismatch != null ? onMismatch : Result.NEUTRAL);
    }

    /** A trigger that reached a TaskManager after the task had finished: a generic reason, told by its message. */
    static boolean isTaskGone(CheckpointException c) {
        return c.getCheckpointFailureReason() == CheckpointFailureReason.TASK_CHECKPOINT_FAILURE && c.getMessage() != null
                && c.getMessage().contains(UNKNOWN_TASK);
    }

    @Override
    public Result filter(LogEvent event) {
        for (Throwable t = event.getThrown(); t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof CheckpointException c && (RACES.contains(c.getCheckpointFailureReason()) || isTaskGone(c))) {
                return onMatch;
            }
        }
        return onMismatch;
    }
}

package dev.extaudiences.adapter.azure;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/** Every log line of the test JVM (the Azure SDK's among them), with its stack trace, kept to be searched. */
public final class CapturedLogs extends AppenderBase<ILoggingEvent> {

    private static final Queue<String> LINES = new ConcurrentLinkedQueue<>();

    @Override
    protected void append(ILoggingEvent event) {
        String line = event.getLoggerName() + " " + event.getLevel() + " " + event.getFormattedMessage();
        if (event.getThrowableProxy() != null) {
            line += "\n" + ThrowableProxyUtil.asString(event.getThrowableProxy());
        }
        LINES.add(line);
    }

    /** Forgets what was logged so far. */
    static void clear() {
        LINES.clear();
    }

    /** What was logged since the last {@link #clear()}. */
    static List<String> lines() {
        return List.copyOf(LINES);
    }
}

package dev.extaudiences.app.bench;

import com.sun.management.OperatingSystemMXBean;
import com.sun.management.ThreadMXBean;
import dev.extaudiences.adapter.csv.FastCsvDecoder;
import dev.extaudiences.core.IdentityRules;
import dev.extaudiences.core.audience.Field;
import dev.extaudiences.core.audience.FieldType;
import dev.extaudiences.core.audience.Fields;
import dev.extaudiences.core.identity.IdentityHandling;
import dev.extaudiences.core.ingest.RowOutcome;
import dev.extaudiences.core.ingest.RowRules;
import dev.extaudiences.core.source.FileState;
import dev.extaudiences.core.source.RecordStream;
import dev.extaudiences.core.source.SourceRecord;
import java.io.InputStream;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The reading thread's own work on the ingestion benchmark's file, with no database and no server: the CSV decoded
 * (stage {@code decode}), or decoded and every row put through the row rules of the benchmark's audience (stage
 * {@code rules}, the default), a few rounds in one fresh JVM. Each round prints its wall time, the reading thread's
 * processor time, the whole process's (the JIT compilers and the collector included), the JIT's compilation time and
 * the bytes the thread allocated: round 1 is what a fresh server's first run pays, the last what a warm one does.
 * Asserts nothing; run it as app/BENCHMARKS.md says.
 */
public final class ReadPathBenchmark {

    /** The fields of the audience {@link IngestionBenchmark} creates (its {@code CREATE}), for the file it generates. */
    private static final Fields FIELDS = Fields.of(Field.identity("email", FieldType.STRING, "email"),
            Field.attribute("tier", FieldType.STRING), Field.attribute("points", FieldType.INTEGER),
            Field.attribute("joined", FieldType.DATE), Field.attribute("active", FieldType.BOOLEAN));

    private ReadPathBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = IngestionBenchmark.options(args);
        int rows = Integer.parseInt(options.getOrDefault("rows", "1000000"));
        int rounds = Integer.parseInt(options.getOrDefault("rounds", "4"));
        boolean rules = switch (options.getOrDefault("stage", "rules")) {
            case "rules" -> true;
            case "decode" -> false;
            default -> throw new IllegalArgumentException("--stage is decode or rules");
        };
        Path csv = Files.createTempFile("read-path", ".csv");
        try {
            IngestionBenchmark.generate(csv, rows);
            System.out.printf("%,d rows, %,d bytes of CSV, stage %s, %s, %d cores%n", rows, Files.size(csv),
                    rules ? "decode + row rules" : "decode", ManagementFactory.getRuntimeMXBean().getInputArguments(),
                    Runtime.getRuntime().availableProcessors());
            System.out.printf("%-6s %8s %12s %13s %8s %14s%n", "round", "wall s", "thread cpu s", "process cpu s",
                    "jit ms", "allocated MB");
            for (int round = 1; round <= rounds; round++) {
                round(round, csv, rules);
            }
        } finally {
            Files.deleteIfExists(csv);
        }
    }

    private static void round(int round, Path csv, boolean rules) throws Exception {
        ThreadMXBean thread = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        OperatingSystemMXBean process = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        long wall = System.nanoTime();
        long threadCpu = thread.getCurrentThreadCpuTime();
        long processCpu = process.getProcessCpuTime();
        long compiling = jit.getTotalCompilationTime();
        long allocated = thread.getCurrentThreadAllocatedBytes();
        long accepted = 0;
        try (InputStream bytes = Files.newInputStream(csv);
             RecordStream stream = new FastCsvDecoder().decode(csv.toString(), bytes, FileState.Unchanged::new)) {
            RowRules rowRules = ((RowRules.Result.Ready) RowRules.forHeader(FIELDS, stream.header(),
                    IdentityRules.defaults().of(IdentityHandling.DEFAULT))).rules();
            Optional<SourceRecord> record;
            while ((record = stream.next()).isPresent()) {
                if (!rules) {
                    accepted += record.get().values().size();
                } else if (rowRules.apply(record.get()) instanceof RowOutcome.Accepted) {
                    accepted++;
                }
            }
        }
        System.out.printf("%-6d %8.3f %12.3f %13.3f %8d %14.0f   (%,d %s)%n", round,
                (System.nanoTime() - wall) / 1e9, (thread.getCurrentThreadCpuTime() - threadCpu) / 1e9,
                (process.getProcessCpuTime() - processCpu) / 1e9, jit.getTotalCompilationTime() - compiling,
                (thread.getCurrentThreadAllocatedBytes() - allocated) / 1e6, accepted,
                rules ? "rows accepted" : "values decoded");
    }
}

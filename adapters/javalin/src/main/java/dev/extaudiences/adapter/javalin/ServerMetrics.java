package dev.extaudiences.adapter.javalin;

import dev.extaudiences.core.port.out.SourceReads;
import dev.extaudiences.core.source.CloudType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.EnumMap;
import java.util.Map;

/**
 * The registry {@code /metrics} shows, made before the domain so that the domain can count into it: what runs read
 * from their storages, per cloud type ({@code extaudiences_source_objects_total}, {@code _bytes_total} and
 * {@code _rows_total}, tagged {@code cloud_type}), beside what {@link HttpMetrics} counts of the requests. Counters
 * of this process since it started, as Prometheus expects of a counter; each run keeps its own in its metrics.
 */
public final class ServerMetrics implements SourceReads {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<CloudType, Counter> objects = new EnumMap<>(CloudType.class);
    private final Map<CloudType, Counter> bytes = new EnumMap<>(CloudType.class);
    private final Map<CloudType, Counter> rows = new EnumMap<>(CloudType.class);

    public ServerMetrics() {
        // every cloud type from the start, at 0: a rate over a counter that appears late misses its first reads
        for (CloudType type : CloudType.values()) {
            objects.put(type, counter("extaudiences_source_objects", "Source files opened by runs", type));
            bytes.put(type, counter("extaudiences_source_bytes",
                    "Bytes of source files read by runs, as stored (compressed for gzip)", type));
            rows.put(type, counter("extaudiences_source_rows", "Rows of source files read by runs", type));
        }
    }

    private Counter counter(String name, String description, CloudType type) {
        return Counter.builder(name).description(description).tag("cloud_type", Wire.cloudType(type)).register(registry);
    }

    @Override
    public void read(CloudType cloudType, long objectsRead, long bytesRead, long rowsRead) {
        objects.get(cloudType).increment(objectsRead);
        bytes.get(cloudType).increment(bytesRead);
        rows.get(cloudType).increment(rowsRead);
    }

    PrometheusMeterRegistry registry() {
        return registry;
    }
}

package cn.gongkai.hub.camel.stream;

import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** Records every batch a route receives; optionally fails each exchange after recording it. */
final class Batches implements Processor {

    record Batch(List<Map<String, String>> entries, String streamName, Integer batchSize, String thread) {
    }

    private final Queue<Batch> received = new ConcurrentLinkedQueue<>();
    private final boolean fail;

    private Batches(boolean fail) {
        this.fail = fail;
    }

    static Batches recording() {
        return new Batches(false);
    }

    static Batches failing() {
        return new Batches(true);
    }

    @Override
    @SuppressWarnings("unchecked")
    public void process(Exchange exchange) {
        List<Map<String, String>> body = exchange.getIn().getBody(List.class);
        received.add(new Batch(List.copyOf(body),
                exchange.getIn().getHeader(RedisStreamConstants.STREAM_NAME, String.class),
                exchange.getIn().getHeader(RedisStreamConstants.BATCH_SIZE, Integer.class),
                Thread.currentThread().getName()));
        if (fail) {
            throw new IllegalStateException("channel refused the batch");
        }
    }

    List<Batch> batches() {
        return List.copyOf(received);
    }

    List<Map<String, String>> entries() {
        return received.stream().flatMap(b -> b.entries().stream()).collect(Collectors.toList());
    }

    List<String> ids() {
        return entries().stream().map(e -> e.get(RedisStreamConstants.FIELD_ID)).collect(Collectors.toList());
    }

    int count() {
        return received.stream().mapToInt(b -> b.entries().size()).sum();
    }
}

package cn.gongkai.hub.channel;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The transports every channel has (outbox, discard), failover along a list, and the choice by {@code transport:}. */
public final class Transports {
    /** The transports every channel has. */
    public static final java.util.Set<String> BUILT_IN_NAMES = java.util.Set.of("outbox", "discard");

    /** Writes one outbox file for a delivery's message. */
    @FunctionalInterface
    public interface OutboxWriter<M> {
        String write(Delivery delivery, M message) throws ChannelUnavailableException, DeliveryRejectedException;
    }

    private Transports() {
    }

    /**
     * The outbox: each message becomes a file (see {@link Outbox}); a rejection or refusal stops that delivery only, a
     * disk that refuses stops the batch (the rest come back unavailable, nothing written goes twice).
     */
    public static <M> Transport<M> outbox(boolean resendSafe, OutboxWriter<M> writer) {
        return new Transport<>() {
            @Override
            public String name() {
                return "outbox";
            }

            @Override
            public boolean resendSafe() {
                return resendSafe;
            }

            @Override
            public List<DeliveryOutcome> send(List<Addressed<M>> batch) {
                List<Delivery> deliveries = batch.stream().map(Addressed::delivery).toList();
                Map<String, M> messages = new HashMap<>();
                batch.forEach(a -> messages.put(a.delivery().id(), a.message()));
                return Deliveries.each(deliveries, d -> new Receipt(d.id(), 1, 1, writer.write(d, messages.get(d.id()))));
            }
        };
    }

    /** Keeps nothing: the message was rendered and is dropped. Used by benchmarks. */
    public static <M> Transport<M> discard(boolean resendSafe) {
        return new Transport<>() {
            @Override
            public String name() {
                return "discard";
            }

            @Override
            public boolean resendSafe() {
                return resendSafe;
            }

            @Override
            public List<DeliveryOutcome> send(List<Addressed<M>> batch) {
                List<DeliveryOutcome> out = new ArrayList<>(batch.size());
                batch.forEach(a -> out.add(DeliveryOutcome.sent(new Receipt(a.delivery().id(), 1, 1, "discard"))));
                return out;
            }
        };
    }

    /**
     * The transports {@code settings.transport()} names, in order, from the channel's own and the built-in ones; with
     * more than one, a failover chain. The names were checked at start-up against the channel's descriptor.
     */
    public static <M> Transport<M> select(ChannelSettings settings, Map<String, Transport<M>> available) {
        List<Transport<M>> chain = new ArrayList<>();
        for (String name : settings.transport()) {
            Transport<M> t = available.get(name);
            if (t == null) {
                throw new ConfigException("channel-config/" + settings.name() + ".yml: transport: '" + name
                        + "' is not a transport of this channel (" + String.join(", ", available.keySet()) + ")");
            }
            chain.add(t);
        }
        return chain.size() == 1 ? chain.get(0) : failover(chain);
    }

    /**
     * Tries the transports in order: a batch (or the deliveries of it) the first finds unavailable goes to the next,
     * and so on; each outcome says which transport produced it. Only deliveries that certainly did not go out move on:
     * one that may have gone out (IN_DOUBT) stays with the transport that tried it, so a number is never sent by two
     * providers for one delivery.
     */
    public static <M> Transport<M> failover(List<Transport<M>> chain) {
        List<Transport<M>> list = List.copyOf(chain);
        return new Transport<>() {
            @Override
            public String name() {
                return String.join(",", list.stream().map(Transport::name).toList());
            }

            @Override
            public boolean resendSafe() {
                return list.stream().allMatch(Transport::resendSafe);
            }

            @Override
            public List<DeliveryOutcome> send(List<Addressed<M>> batch) throws ChannelUnavailableException {
                Map<String, DeliveryOutcome> done = new LinkedHashMap<>();
                List<Addressed<M>> left = batch;
                ChannelUnavailableException last = null;
                for (Transport<M> t : list) {
                    if (left.isEmpty()) {
                        break;
                    }
                    List<DeliveryOutcome> outcomes;
                    try {
                        outcomes = t.send(left);
                    } catch (ChannelUnavailableException e) {
                        last = e;
                        continue;
                    }
                    Map<String, Addressed<M>> byId = new HashMap<>();
                    left.forEach(a -> byId.put(a.delivery().id(), a));
                    List<Addressed<M>> next = new ArrayList<>();
                    for (DeliveryOutcome o : outcomes) {
                        if (o.isUnavailable() && byId.containsKey(o.deliveryId())) {
                            next.add(byId.get(o.deliveryId()));
                            done.put(o.deliveryId(), o.by(t.name()));
                        } else {
                            done.put(o.deliveryId(), o.by(t.name()));
                        }
                    }
                    left = next;
                }
                if (done.isEmpty() && last != null) {
                    throw new ChannelUnavailableException("every provider is unavailable (" + name() + "): " + last.getMessage(), last);
                }
                return new ArrayList<>(done.values());
            }
        };
    }
}

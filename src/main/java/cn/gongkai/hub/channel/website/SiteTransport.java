package cn.gongkai.hub.channel.website;

import cn.gongkai.hub.channel.DeliveryOutcome;
import cn.gongkai.hub.channel.Publication;
import cn.gongkai.hub.channel.Receipt;
import cn.gongkai.hub.item.Action;
import cn.gongkai.hub.item.AttachmentStore;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code transport: site}: writes the static disclosure site ({@link StaticSite}) into {@code site.dir}
 * ({@code $HUB_DATA_DIR/site} by default), served by the hub at {@code /site/} and by any web server from the same
 * folder. A publication puts the item's page and attachments online and writes again every list that shows it; a
 * withdrawal deletes them and writes those lists again. The reference recorded is the item page's path in the folder.
 *
 * <p>Outcomes: written → SENT; an attachment whose bytes are not the approved ones → FAILED (nothing written); the
 * folder refuses a write (disk full, permissions) → retried later.
 *
 * <p>Resend-safe: a page is written whole under the item's address and replaces what was there.
 */
@Singleton
@Named("site")
@Requires(property = "hub.channels.website.selected.site", value = "true")
class SiteTransport implements WebsiteTransport {
    private static final Logger LOG = LoggerFactory.getLogger(SiteTransport.class);

    private final StaticSite site;
    private final AtomicBoolean down = new AtomicBoolean();

    SiteTransport(StaticSite site) {
        this.site = site;
    }

    @Override
    public String name() {
        return "site";
    }

    @Override
    public boolean resendSafe() {
        return true;
    }

    @Override
    public List<DeliveryOutcome> send(List<Addressed<WebPage>> batch) {
        List<DeliveryOutcome> out = new ArrayList<>(batch.size());
        int sent = 0;
        int failed = 0;
        int retry = 0;
        for (Addressed<WebPage> a : batch) {
            String id = a.delivery().id();
            Publication p = a.message().source();
            try {
                String ref;
                if (p.action() == Action.WITHDRAW) {
                    site.withdraw(p);
                    ref = "withdrawn " + p.itemId();
                } else {
                    ref = site.publish(p);
                }
                out.add(DeliveryOutcome.sent(new Receipt(id, 1, 1, ref)));
                sent++;
            } catch (AttachmentStore.AttachmentChangedException e) {
                out.add(DeliveryOutcome.rejected(id, e.getMessage()));
                failed++;
            } catch (IOException e) {
                if (down.compareAndSet(false, true)) {
                    LOG.warn("site: cannot write {}: {}", site.root(), e.toString());
                }
                out.add(DeliveryOutcome.unavailable(id, "cannot write the site's folder " + site.root() + ": " + e));
                retry++;
            }
        }
        if (sent > 0 && down.compareAndSet(true, false)) {
            LOG.info("site: {} is writable again", site.root());
        }
        LOG.info("website via site: {} sent, {} failed, {} to retry", sent, failed, retry);
        return out;
    }
}

package cn.gongkai.hub.web.console;

import cn.gongkai.hub.HubException;
import cn.gongkai.hub.item.Attachment;
import cn.gongkai.hub.item.Item;
import cn.gongkai.hub.item.ItemService;
import cn.gongkai.hub.web.ContentDisposition;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.multipart.CompletedFileUpload;
import io.micronaut.http.server.types.files.SystemFile;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Map;

/**
 * An item's attachments: uploading one (EDITOR; a new version, by {@link ItemService#addAttachment} as
 * {@code POST /api/items/{id}/attachments}) and downloading one with its Chinese name kept (RFC 6266).
 */
@Controller(value = "/console/items/{id}/attachments", produces = MediaType.TEXT_HTML)
@ExecuteOn(TaskExecutors.BLOCKING)
class ItemAttachmentController {
    private final ConsolePages pages;
    private final ItemService items;
    private final ItemPagesController itemPages;

    ItemAttachmentController(ConsolePages pages, ItemService items, ItemPagesController itemPages) {
        this.pages = pages;
        this.items = items;
        this.itemPages = itemPages;
    }

    @Post(consumes = MediaType.MULTIPART_FORM_DATA)
    @Secured("EDITOR")
    HttpResponse<?> upload(HttpRequest<?> request, String id, @Nullable CompletedFileUpload file, Authentication auth) {
        Item item;
        try {
            item = items.get(id);
        } catch (HubException e) {
            return ItemPagesController.notFound(request, pages);
        }
        if (file == null || file.getFilename() == null || file.getFilename().isEmpty()) {
            return itemPages.page(request, HttpStatus.BAD_REQUEST, item, null, Map.of("uploadError", "请先选择要上传的文件。"));
        }
        // the stored type is detected from the name and bytes; what the browser declared is not trusted
        String declared = file.getContentType().map(MediaType::toString).orElse(MediaType.APPLICATION_OCTET_STREAM);
        try (InputStream in = file.getInputStream()) {
            items.addAttachment(id, file.getFilename(), declared, in, auth.getName());
        } catch (HubException e) {
            String words = ItemFormErrors.of(e.errors()).values().stream().map(ItemFormErrors.Problem::message).findFirst()
                    .orElse("上传失败。");
            return itemPages.page(request, HttpStatus.valueOf(e.status() >= 400 && e.status() < 500 ? e.status() : 400), item, null,
                    Map.of("uploadError", words + "（" + e.getMessage() + "）"));
        } catch (IOException e) {
            return itemPages.page(request, HttpStatus.BAD_REQUEST, item, null, Map.of("uploadError", "文件没有完整传到系统，请重试。"));
        }
        return HttpResponse.seeOther(URI.create("/console/items/" + id + "?done=uploaded"));
    }

    @Get(value = "/{name}", produces = MediaType.ALL)
    @Secured(SecurityRule.IS_AUTHENTICATED)
    HttpResponse<?> download(HttpRequest<?> request, String id, String name, @Nullable @QueryValue String version) {
        try {
            Item item = items.get(id);
            int v = item.version();
            if (version != null && version.strip().matches("\\d{1,6}")) {
                v = Integer.parseInt(version.strip());
            }
            Attachment a = items.version(id, v).content().attachments().stream().filter(x -> x.name().equals(name)).findFirst()
                    .orElseThrow(() -> HubException.notFound("attachment"));
            var file = items.attachmentFile(a.sha256()).orElseThrow(() -> HubException.notFound("stored file"));
            return HttpResponse.ok(new SystemFile(file.toFile(), MediaType.APPLICATION_OCTET_STREAM_TYPE))
                    .header("Content-Disposition", ContentDisposition.attachment(a.name(), "attachment"));
        } catch (HubException e) {
            return pages.problem(request, HttpStatus.NOT_FOUND, "找不到附件", "这个附件不存在，可能已被替换或删除。请回到信息页面查看。");
        }
    }
}

package cn.gongkai.hub.channel.pressemail;

import cn.gongkai.hub.channel.Transport;

/** A transport of press e-mails (one MIME message per contact): the type the channel's own transport beans are injected by. */
public interface PressEmailTransport extends Transport<jakarta.mail.internet.MimeMessage> {
}

/*
 * Yardstick peer: the benchmark's chat in C, one thread, one epoll loop, libc only.
 *
 * It speaks just enough of the chat for the loader: the RFC 6455 handshake (SHA-1 and base64 below),
 * text/close/ping frames from masked clients (fragments are joined), `/` the chat and `/echo` an echo.
 * On the chat each client gets an id 1, 2, 3...; every other client hears client:connected and
 * client:disconnected; {"type":"broadcast","payload":X} goes to every other client as
 * {"type":"broadcast","payload":X,"from":N}; {"type":"hello","id":I} is answered with a welcome.
 *
 * Each broadcast frame is encoded once into a reference-counted buffer and written to every recipient
 * straight away; what a socket does not take at once waits in that socket's queue (bounded: a client
 * with more than MAX_QUEUED bytes waiting is dropped). It is the floor of what a server can do on this
 * box, so the loader's latency at a given rate can be told apart from the server's.
 *
 * Build: gcc -O2 -o chat-epoll chat.c      Run: ./chat-epoll PORT [HOST]
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#define MAX_HEADER 8192
#define MAX_MESSAGE (1 << 20)
#define MAX_QUEUED (16 << 20)
#define MAX_IOV 64

/* ------------------------------------------------------------------ SHA-1 (FIPS 180-4) and base64 */

typedef struct {
    uint32_t h[5];
    uint64_t len;
    uint8_t block[64];
    size_t used;
} sha1_ctx;

static uint32_t rol(uint32_t x, int n) { return (x << n) | (x >> (32 - n)); }

static void sha1_block(sha1_ctx *c, const uint8_t *p) {
    uint32_t w[80];
    for (int i = 0; i < 16; i++) {
        w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 | (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
    }
    for (int i = 16; i < 80; i++) w[i] = rol(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
    uint32_t a = c->h[0], b = c->h[1], d = c->h[3], e = c->h[4], cc = c->h[2];
    for (int i = 0; i < 80; i++) {
        uint32_t f, k;
        if (i < 20) { f = (b & cc) | (~b & d); k = 0x5A827999; }
        else if (i < 40) { f = b ^ cc ^ d; k = 0x6ED9EBA1; }
        else if (i < 60) { f = (b & cc) | (b & d) | (cc & d); k = 0x8F1BBCDC; }
        else { f = b ^ cc ^ d; k = 0xCA62C1D6; }
        uint32_t t = rol(a, 5) + f + e + k + w[i];
        e = d; d = cc; cc = rol(b, 30); b = a; a = t;
    }
    c->h[0] += a; c->h[1] += b; c->h[2] += cc; c->h[3] += d; c->h[4] += e;
}

static void sha1_init(sha1_ctx *c) {
    static const uint32_t init[5] = {0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0};
    memcpy(c->h, init, sizeof init);
    c->len = 0;
    c->used = 0;
}

static void sha1_update(sha1_ctx *c, const uint8_t *p, size_t n) {
    c->len += n;
    while (n > 0) {
        size_t take = 64 - c->used < n ? 64 - c->used : n;
        memcpy(c->block + c->used, p, take);
        c->used += take; p += take; n -= take;
        if (c->used == 64) { sha1_block(c, c->block); c->used = 0; }
    }
}

static void sha1_final(sha1_ctx *c, uint8_t out[20]) {
    uint64_t bits = c->len * 8;
    uint8_t pad = 0x80;
    sha1_update(c, &pad, 1);
    pad = 0;
    while (c->used != 56) sha1_update(c, &pad, 1);
    uint8_t len[8];
    for (int i = 0; i < 8; i++) len[i] = (uint8_t)(bits >> (56 - 8 * i));
    sha1_update(c, len, 8);
    for (int i = 0; i < 5; i++) {
        out[4 * i] = c->h[i] >> 24; out[4 * i + 1] = c->h[i] >> 16; out[4 * i + 2] = c->h[i] >> 8; out[4 * i + 3] = c->h[i];
    }
}

static size_t base64(const uint8_t *in, size_t n, char *out) {
    static const char t[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t o = 0;
    for (size_t i = 0; i < n; i += 3) {
        uint32_t v = (uint32_t)in[i] << 16 | (i + 1 < n ? (uint32_t)in[i + 1] << 8 : 0) | (i + 2 < n ? in[i + 2] : 0);
        out[o++] = t[v >> 18 & 63];
        out[o++] = t[v >> 12 & 63];
        out[o++] = i + 1 < n ? t[v >> 6 & 63] : '=';
        out[o++] = i + 2 < n ? t[v & 63] : '=';
    }
    out[o] = 0;
    return o;
}

/* ------------------------------------------------------------------ shared frames and connections */

typedef struct msg {
    int refs;
    size_t len;
    uint8_t data[];
} msg;

typedef struct qitem {
    msg *m;
    size_t off;
    struct qitem *next;
} qitem;

enum { HANDSHAKE, OPEN, CLOSING };
enum { CHAT, ECHO };

typedef struct conn {
    int fd;
    int state;
    int kind;
    long id;
    uint8_t *in;
    size_t in_len, in_cap;
    uint8_t *frag;          /* a fragmented message being joined */
    size_t frag_len;
    int frag_op;
    qitem *head, *tail;
    size_t queued;
    int want_out;
    int broken;
    struct conn *prev, *next; /* chat members */
    struct conn *later;       /* on the broken or the dead list */
} conn;

static int ep;
static conn *members;
static conn *broken; /* failed while others were being served: closed by settle() */
static conn *dead;   /* closed: freed by settle(), once no event of this round can point at them */
static long next_id = 1;

static msg *msg_frame(int opcode, const char *parts[], const size_t lens[], int count) {
    size_t len = 0;
    for (int i = 0; i < count; i++) len += lens[i];
    size_t hdr = len < 126 ? 2 : len < 65536 ? 4 : 10;
    msg *m = malloc(sizeof(msg) + hdr + len);
    m->refs = 0;
    m->len = hdr + len;
    m->data[0] = 0x80 | opcode;
    if (hdr == 2) {
        m->data[1] = len;
    } else if (hdr == 4) {
        m->data[1] = 126; m->data[2] = len >> 8; m->data[3] = len;
    } else {
        m->data[1] = 127;
        for (int i = 0; i < 8; i++) m->data[2 + i] = (uint8_t)((uint64_t)len >> (56 - 8 * i));
    }
    uint8_t *p = m->data + hdr;
    for (int i = 0; i < count; i++) { memcpy(p, parts[i], lens[i]); p += lens[i]; }
    return m;
}

static msg *msg_text(const char *s, size_t n) {
    const char *parts[] = {s};
    size_t lens[] = {n};
    return msg_frame(1, parts, lens, 1);
}

static void msg_release(msg *m) {
    if (--m->refs <= 0) free(m);
}

static void set_out(conn *c, int on) {
    if (c->want_out == on) return;
    c->want_out = on;
    struct epoll_event ev = {.events = EPOLLIN | (on ? EPOLLOUT : 0), .data.ptr = c};
    epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
}

static void conn_close(conn *c);

/* A socket that failed while a broadcast was being written is closed after it, not inside it. */
static void mark_broken(conn *c) {
    if (c->broken || c->fd < 0) return;
    c->broken = 1;
    c->later = broken;
    broken = c;
}

/* Writes what the socket takes now; returns -1 when the socket failed. */
static int flush_queue(conn *c) {
    while (c->head) {
        struct iovec iov[MAX_IOV];
        int n = 0;
        for (qitem *q = c->head; q && n < MAX_IOV; q = q->next, n++) {
            iov[n].iov_base = q->m->data + q->off;
            iov[n].iov_len = q->m->len - q->off;
        }
        ssize_t w = writev(c->fd, iov, n);
        if (w < 0) {
            if (errno == EAGAIN || errno == EWOULDBLOCK) break;
            if (errno == EINTR) continue;
            return -1;
        }
        c->queued -= w;
        while (w > 0 && c->head) {
            qitem *q = c->head;
            size_t left = q->m->len - q->off;
            if ((size_t)w >= left) {
                w -= left;
                c->head = q->next;
                msg_release(q->m);
                free(q);
            } else {
                q->off += w;
                w = 0;
            }
        }
        if (!c->head) c->tail = NULL;
    }
    set_out(c, c->head != NULL);
    return 0;
}

/* Queues a shared frame for c (taking a reference) and writes at once when nothing is waiting. */
static void conn_send(conn *c, msg *m) {
    if (c->fd < 0 || c->broken) return;
    size_t off = 0;
    if (!c->head) {
        for (;;) {
            ssize_t w = write(c->fd, m->data, m->len);
            if (w >= 0) { off = w; break; }
            if (errno == EINTR) continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK) break;
            mark_broken(c);
            return;
        }
        if (off == m->len) return;
    }
    if (c->queued + (m->len - off) > MAX_QUEUED) { /* slow consumer */
        mark_broken(c);
        return;
    }
    qitem *q = malloc(sizeof(qitem));
    q->m = m;
    q->off = off;
    q->next = NULL;
    m->refs++;
    if (c->tail) c->tail->next = q; else c->head = q;
    c->tail = q;
    c->queued += m->len - off;
    set_out(c, 1);
}

/* Sends a frame made for one recipient, freed once written. */
static void send_one(conn *c, msg *m) {
    m->refs++;
    conn_send(c, m);
    msg_release(m);
}

static void to_others(conn *sender, msg *m) {
    m->refs++; /* held while iterating: a failed recipient must not free it */
    for (conn *c = members; c;) {
        conn *next = c->next;
        if (c != sender && c->state == OPEN && c->fd >= 0) conn_send(c, m);
        c = next;
    }
    msg_release(m);
}

static void notice(conn *about, const char *what) {
    char buf[160];
    int n = snprintf(buf, sizeof buf, "{\"type\":\"client:%s\",\"payload\":\"Client %ld %s\",\"client\":%ld}", what,
                     about->id, what, about->id);
    to_others(about, msg_text(buf, n));
}

static void conn_close(conn *c) {
    if (c->fd < 0) return;
    int was_member = c->kind == CHAT && c->state != HANDSHAKE;
    epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
    close(c->fd);
    c->fd = -1;
    while (c->head) {
        qitem *q = c->head;
        c->head = q->next;
        msg_release(q->m);
        free(q);
    }
    c->tail = NULL;
    if (was_member) {
        if (c->prev) c->prev->next = c->next; else members = c->next;
        if (c->next) c->next->prev = c->prev;
        c->state = CLOSING;
        notice(c, "disconnected");
    }
    c->later = dead;
    dead = c;
}

/* Closes what broke (which may break more: each close sends a notice). */
static void close_broken(void) {
    while (broken) {
        conn *c = broken;
        broken = c->later;
        conn_close(c);
    }
}

/* Frees what was closed in this round of events. */
static void settle(void) {
    close_broken();
    while (dead) {
        conn *c = dead;
        dead = c->later;
        free(c->in);
        free(c->frag);
        free(c);
    }
}

/* ------------------------------------------------------------------ just enough JSON */

static const char *skip_ws(const char *p, const char *end) {
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')) p++;
    return p;
}

/* End of the JSON value starting at p, or NULL. */
static const char *skip_value(const char *p, const char *end, int depth) {
    p = skip_ws(p, end);
    if (p >= end || depth > 64) return NULL;
    if (*p == '"') {
        for (p++; p < end; p++) {
            if (*p == '\\') p++;
            else if (*p == '"') return p + 1;
        }
        return NULL;
    }
    if (*p == '{' || *p == '[') {
        char close = *p == '{' ? '}' : ']';
        p = skip_ws(p + 1, end);
        if (p < end && *p == close) return p + 1;
        for (;;) {
            if (close == '}') {
                p = skip_value(p, end, depth + 1); /* key */
                if (!p) return NULL;
                p = skip_ws(p, end);
                if (p >= end || *p != ':') return NULL;
                p++;
            }
            p = skip_value(p, end, depth + 1);
            if (!p) return NULL;
            p = skip_ws(p, end);
            if (p >= end) return NULL;
            if (*p == close) return p + 1;
            if (*p != ',') return NULL;
            p++;
        }
    }
    while (p < end && *p != ',' && *p != '}' && *p != ']' && *p != ' ' && *p != '\n' && *p != '\r' && *p != '\t') p++;
    return p;
}

/* Finds the raw value of a top-level key; returns 1 and its span when present. */
static int member(const char *p, const char *end, const char *key, const char **v, size_t *vlen) {
    p = skip_ws(p, end);
    if (p >= end || *p != '{') return 0;
    p = skip_ws(p + 1, end);
    size_t klen = strlen(key);
    while (p < end && *p == '"') {
        const char *k = p + 1;
        const char *kend = skip_value(p, end, 0);
        if (!kend) return 0;
        p = skip_ws(kend, end);
        if (p >= end || *p != ':') return 0;
        const char *val = skip_ws(p + 1, end);
        const char *vend = skip_value(val, end, 0);
        if (!vend) return 0;
        if ((size_t)(kend - 1 - k) == klen && memcmp(k, key, klen) == 0) {
            *v = val;
            *vlen = vend - val;
            return 1;
        }
        p = skip_ws(vend, end);
        if (p < end && *p == ',') p = skip_ws(p + 1, end);
    }
    return 0;
}

static void on_chat_text(conn *c, const char *s, size_t n) {
    const char *end = s + n, *type, *v;
    size_t tlen, vlen;
    if (!member(s, end, "type", &type, &tlen)) return;
    if (tlen == 11 && memcmp(type, "\"broadcast\"", 11) == 0) {
        if (!member(s, end, "payload", &v, &vlen)) return;
        char tail[48];
        int tl = snprintf(tail, sizeof tail, ",\"from\":%ld}", c->id);
        const char *parts[] = {"{\"type\":\"broadcast\",\"payload\":", v, tail};
        size_t lens[] = {strlen(parts[0]), vlen, (size_t)tl};
        to_others(c, msg_frame(1, parts, lens, 3));
    } else if (tlen == 7 && memcmp(type, "\"hello\"", 7) == 0) {
        if (!member(s, end, "id", &v, &vlen)) { v = "null"; vlen = 4; }
        char tail[96];
        int tl = snprintf(tail, sizeof tail, ",\"payload\":{\"client\":%ld,\"rooms\":[\"lobby\"]}}", c->id);
        const char *parts[] = {"{\"type\":\"welcome\",\"id\":", v, tail};
        size_t lens[] = {strlen(parts[0]), vlen, (size_t)tl};
        send_one(c, msg_frame(1, parts, lens, 3));
    }
}

/* ------------------------------------------------------------------ WebSocket */

static void send_close(conn *c, uint16_t code) {
    char body[2] = {(char)(code >> 8), (char)code};
    const char *parts[] = {body};
    size_t lens[] = {2};
    send_one(c, msg_frame(8, parts, lens, 1));
    c->state = CLOSING;
}

static void on_message(conn *c, int op, uint8_t *p, size_t n) {
    if (op != 1) return; /* binary frames are ignored */
    if (c->kind == ECHO) {
        send_one(c, msg_text((char *)p, n));
    } else {
        on_chat_text(c, (char *)p, n);
    }
}

/* Parses complete frames from c->in; returns bytes consumed, or -1 to close. */
static long parse_frames(conn *c) {
    size_t pos = 0;
    while (c->fd >= 0 && c->state == OPEN) {
        uint8_t *b = c->in + pos;
        size_t avail = c->in_len - pos;
        if (avail < 2) break;
        int fin = b[0] & 0x80, op = b[0] & 0x0f, masked = b[1] & 0x80;
        uint64_t len = b[1] & 0x7f;
        size_t hdr = 2;
        if (len == 126) {
            if (avail < 4) break;
            len = (uint64_t)b[2] << 8 | b[3];
            hdr = 4;
        } else if (len == 127) {
            if (avail < 10) break;
            len = 0;
            for (int i = 0; i < 8; i++) len = len << 8 | b[2 + i];
            hdr = 10;
        }
        if (!masked || (b[0] & 0x70)) { send_close(c, 1002); return -1; }
        if (len > MAX_MESSAGE) { send_close(c, 1009); return -1; }
        if (avail < hdr + 4 + len) break;
        uint8_t *mask = b + hdr, *data = b + hdr + 4;
        for (uint64_t i = 0; i < len; i++) data[i] ^= mask[i & 3];
        pos += hdr + 4 + len;
        if (op == 8) {
            uint16_t code = len >= 2 ? (uint16_t)(data[0] << 8 | data[1]) : 1000;
            send_close(c, code == 1005 || code == 1006 ? 1000 : code);
            return -1;
        } else if (op == 9) {
            const char *parts[] = {(char *)data};
            size_t lens[] = {len};
            send_one(c, msg_frame(10, parts, lens, 1));
        } else if (op == 10) {
            /* pong: nothing to do */
        } else if (op == 0 || op == 1 || op == 2) {
            if (op != 0 && fin && !c->frag) {
                on_message(c, op, data, len);
                continue;
            }
            if (op != 0) c->frag_op = op;
            if (c->frag_len + len > MAX_MESSAGE) { send_close(c, 1009); return -1; }
            c->frag = realloc(c->frag, c->frag_len + len + 1);
            memcpy(c->frag + c->frag_len, data, len);
            c->frag_len += len;
            if (fin) {
                on_message(c, c->frag_op, c->frag, c->frag_len);
                free(c->frag);
                c->frag = NULL;
                c->frag_len = 0;
            }
        } else {
            send_close(c, 1002);
            return -1;
        }
    }
    return (long)pos;
}

static int handshake(conn *c) {
    char *req = (char *)c->in;
    char *end = memmem(req, c->in_len, "\r\n\r\n", 4);
    if (!end) return c->in_len > MAX_HEADER ? -1 : 0;
    *end = 0;
    char path[256] = "";
    if (sscanf(req, "GET %255s HTTP/1.1", path) != 1) return -1;
    char *q = strchr(path, '?');
    if (q) *q = 0;
    if (strcmp(path, "/") == 0) c->kind = CHAT;
    else if (strcmp(path, "/echo") == 0) c->kind = ECHO;
    else return -1;
    char key[64] = "";
    for (char *line = strstr(req, "\r\n"); line; line = strstr(line, "\r\n")) {
        line += 2;
        if (strncasecmp(line, "Sec-WebSocket-Key:", 18) == 0) {
            char *v = line + 18;
            while (*v == ' ') v++;
            size_t n = strcspn(v, "\r\n ");
            if (n >= sizeof key) return -1;
            memcpy(key, v, n);
            key[n] = 0;
        }
    }
    if (!key[0]) return -1;
    sha1_ctx sha;
    uint8_t digest[20];
    char accept[32];
    sha1_init(&sha);
    sha1_update(&sha, (uint8_t *)key, strlen(key));
    sha1_update(&sha, (const uint8_t *)"258EAFA5-E914-47DA-95CA-C5AB0DC85B11", 36);
    sha1_final(&sha, digest);
    base64(digest, 20, accept);
    char resp[256];
    int n = snprintf(resp, sizeof resp,
                     "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                     "Sec-WebSocket-Accept: %s\r\n\r\n", accept);
    msg *m = malloc(sizeof(msg) + n);
    m->refs = 0;
    m->len = n;
    memcpy(m->data, resp, n);
    send_one(c, m);
    if (c->fd < 0) return -2;
    size_t used = (size_t)(end + 4 - req);
    memmove(c->in, c->in + used, c->in_len - used);
    c->in_len -= used;
    c->state = OPEN;
    if (c->kind == CHAT) {
        c->id = next_id++;
        c->prev = NULL;
        c->next = members;
        if (members) members->prev = c;
        members = c;
        notice(c, "connected");
    }
    return 1;
}

static void on_readable(conn *c) {
    for (;;) {
        if (c->in_cap - c->in_len < 16384) {
            c->in_cap = c->in_cap * 2 + 16384;
            c->in = realloc(c->in, c->in_cap);
        }
        ssize_t r = read(c->fd, c->in + c->in_len, c->in_cap - c->in_len);
        if (r == 0) { conn_close(c); return; }
        if (r < 0) {
            if (errno == EINTR) continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK) return;
            conn_close(c);
            return;
        }
        c->in_len += r;
        if (c->state == HANDSHAKE) {
            int h = handshake(c);
            if (h == -2) return;
            if (h < 0) {
                const char *bad = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
                if (write(c->fd, bad, strlen(bad)) < 0) { /* closing anyway */ }
                conn_close(c);
                return;
            }
            if (h == 0) continue;
        }
        if (c->state == CLOSING) {
            c->in_len = 0;
            if (!c->head) { conn_close(c); return; }
            continue;
        }
        long used = parse_frames(c);
        if (c->fd < 0) return;
        if (used < 0) {
            if (!c->head) conn_close(c);
            return;
        }
        memmove(c->in, c->in + used, c->in_len - used);
        c->in_len -= used;
        if (c->in_len == 0) { /* an idle socket keeps no read buffer */
            free(c->in);
            c->in = NULL;
            c->in_cap = 0;
            return;
        }
    }
}

static void on_term(int sig) {
    (void)sig;
    _exit(0);
}

int main(int argc, char **argv) {
    int port = argc > 1 ? atoi(argv[1]) : 8083;
    const char *host = argc > 2 ? argv[2] : "127.0.0.1";
    signal(SIGPIPE, SIG_IGN);
    signal(SIGTERM, on_term);
    int ls = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    int one = 1;
    setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons(port)};
    if (inet_pton(AF_INET, host, &addr.sin_addr) != 1 || bind(ls, (struct sockaddr *)&addr, sizeof addr) < 0 ||
        listen(ls, 4096) < 0) {
        perror("listen");
        return 1;
    }
    ep = epoll_create1(0);
    struct epoll_event lev = {.events = EPOLLIN, .data.ptr = NULL};
    epoll_ctl(ep, EPOLL_CTL_ADD, ls, &lev);
    printf("c-epoll peer listening on %s:%d\n", host, port);
    fflush(stdout);
    struct epoll_event evs[256];
    for (;;) {
        int n = epoll_wait(ep, evs, 256, -1);
        if (n < 0) {
            if (errno == EINTR) continue;
            perror("epoll_wait");
            return 1;
        }
        for (int i = 0; i < n; i++) {
            conn *c = evs[i].data.ptr;
            if (!c) {
                for (;;) {
                    int fd = accept4(ls, NULL, NULL, SOCK_NONBLOCK);
                    if (fd < 0) break;
                    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
                    conn *nc = calloc(1, sizeof(conn));
                    nc->fd = fd;
                    nc->state = HANDSHAKE;
                    struct epoll_event ev = {.events = EPOLLIN, .data.ptr = nc};
                    epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
                }
                continue;
            }
            if (c->fd < 0) continue; /* closed earlier in this round; freed after it */
            if (evs[i].events & EPOLLOUT) {
                if (flush_queue(c) < 0) { conn_close(c); continue; }
                if (c->state == CLOSING && !c->head) { conn_close(c); continue; }
            }
            if (c->fd >= 0 && (evs[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR))) on_readable(c);
            close_broken();
        }
        settle();
    }
}

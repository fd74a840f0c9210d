#!/usr/bin/python3
"""Make real session-stats fixtures with Debian's python3-libtorrent, on loopback only.

A seeder and a downloader session share one torrent of a known size. Every INTERVAL seconds
both sessions post_session_stats(); the alerts' own text goes to a log (the lines libtorrent's
parse_session_stats.py reads), and the downloader's samples also go out as an irontide-shaped
NDJSON counter dump and as a CSV with our metric names. truth.json holds what the test checks.

Usage: /usr/bin/python3 scripts/make-libtorrent-fixtures.py OUT_DIR [--size BYTES] [--interval S]
"""
import argparse
import csv
import hashlib
import json
import os
import random
import shutil
import sys
import tempfile
import time
from datetime import datetime, timezone

import libtorrent as lt

PIECE = 64 * 1024


def make_settings(port):
    return {
        'listen_interfaces': f'127.0.0.1:{port}',
        'enable_dht': False,
        'enable_lsd': False,
        'enable_upnp': False,
        'enable_natpmp': False,
        # Status and errors as a real client logs them, plus the stats themselves.
        'alert_mask': lt.alert.category_t.status_notification | lt.alert.category_t.error_notification,
        'allow_multiple_connections_per_ip': True,
        'outgoing_interfaces': '127.0.0.1',
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('out')
    ap.add_argument('--size', type=int, default=2 * 1024 * 1024 + 12345)
    ap.add_argument('--interval', type=float, default=1.0)
    ap.add_argument('--rate', type=int, default=256 * 1024, help="seeder upload limit, bytes/s")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    work = tempfile.mkdtemp(prefix='tg-lt-')
    try:
        run(args, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run(args, work):
    seed_dir = os.path.join(work, 'seed')
    dl_dir = os.path.join(work, 'dl')
    os.makedirs(seed_dir)
    os.makedirs(dl_dir)
    rng = random.Random(5)
    content = bytes(rng.getrandbits(8) for _ in range(args.size))
    name = 'payload.bin'
    with open(os.path.join(seed_dir, name), 'wb') as f:
        f.write(content)

    fs = lt.file_storage()
    lt.add_files(fs, os.path.join(seed_dir, name))
    ct = lt.create_torrent(fs, PIECE)
    lt.set_piece_hashes(ct, seed_dir)
    info = lt.torrent_info(ct.generate())

    seeder = lt.session(make_settings(0))
    seeder.apply_settings({'upload_rate_limit': args.rate})
    # Loopback peers are exempt from rate limits unless put in the global peer class.
    everyone = lt.ip_filter()
    everyone.add_rule('0.0.0.0', '255.255.255.255', 1 << lt.session.global_peer_class_id)
    seeder.set_peer_class_filter(everyone)
    downloader = lt.session(make_settings(0))
    seeder.add_torrent({'ti': info, 'save_path': seed_dir, 'flags': lt.torrent_flags.seed_mode})
    h = downloader.add_torrent({'ti': lt.torrent_info(info), 'save_path': dl_dir})
    time.sleep(0.3)
    h.connect_peer(('127.0.0.1', seeder.listen_port()))

    metrics = lt.session_stats_metrics()
    kinds = {m.name: ('counter' if m.type == lt.metric_type_t.counter else 'gauge') for m in metrics}
    logs = {'seed': [], 'download': []}
    samples = []  # downloader: (t, {name: value})
    done_at = None
    start = time.time()
    while True:
        for s in (seeder, downloader):
            s.post_session_stats()
        time.sleep(0.05)
        for role, s in (('seed', seeder), ('download', downloader)):
            for a in s.pop_alerts():
                msg = a.message()
                stamp = datetime.now(timezone.utc).strftime('%H:%M:%S.%f')[:-3]
                logs[role].append(f'[{stamp}] {msg}')
                if role == 'download' and isinstance(a, lt.session_stats_alert):
                    samples.append((time.time(), dict(a.values)))
        st = h.status()
        if st.is_seeding and done_at is None:
            done_at = time.time()
        if done_at is not None and time.time() - done_at > 3 * args.interval:
            break
        if time.time() - start > 120:
            sys.exit('download did not finish in 120 s')
        time.sleep(args.interval - 0.05)

    with open(os.path.join(dl_dir, name), 'rb') as f:
        if hashlib.sha1(f.read()).digest() != hashlib.sha1(content).digest():
            sys.exit('downloaded content differs from the seeded content')

    out = args.out
    for role in logs:
        with open(os.path.join(out, f'libtorrent-{role}.log'), 'w') as f:
            f.write('\n'.join(logs[role]) + '\n')

    names = [m.name for m in sorted(metrics, key=lambda m: m.value_index)]
    # An irontide-sized registry (~100 counters): libtorrent's first 100 metrics, which hold the
    # peer, net and session groups; the names are libtorrent's, so this is "another registry".
    dump_names = [m.name for m in metrics][:100]
    with open(os.path.join(out, 'irontide-dump.ndjson'), 'w') as f:
        for _, vals in samples:
            rows = [{'name': n, 'kind': kinds[n], 'value': vals[n]} for n in dump_names]
            f.write(json.dumps(rows, separators=(',', ':')) + '\n')

    # A CSV a user would write: a time column and our metric names for the ones that match
    # libtorrent's one to one, plus one column we do not know.
    renames = {
        'net.bytes_sent': 'net.sent_bytes', 'net.bytes_recv': 'net.recv_bytes',
        'bw.total_uploaded': 'net.sent_payload_bytes', 'bw.total_downloaded': 'net.recv_payload_bytes',
        'proto.pieces_downloaded': 'ses.num_piece_passed', 'proto.hashfails': 'ses.num_piece_failed',
        'net.num_tcp_peers': 'peer.num_tcp_peers', 'peer.peers_connected': 'peer.num_peers_connected',
        'net.recv_redundant_bytes': 'net.recv_redundant_bytes',
    }
    with open(os.path.join(out, 'user-export.csv'), 'w', newline='') as f:
        w = csv.writer(f)
        w.writerow(['time'] + list(renames))
        for t, vals in samples:
            iso = datetime.fromtimestamp(t, timezone.utc).isoformat(timespec='milliseconds').replace('+00:00', 'Z')
            w.writerow([iso] + [vals[v] for v in renames.values()])

    truth = {
        'contentSize': args.size,
        'pieceSize': PIECE,
        'pieces': info.num_pieces(),
        'intervalS': args.interval,
        'downloadSamples': len(samples),
        'libtorrentVersion': lt.__version__,
        'metricsInHeader': len(names),
    }
    with open(os.path.join(out, 'truth.json'), 'w') as f:
        json.dump(truth, f, indent=2)
        f.write('\n')
    print(json.dumps(truth))


if __name__ == '__main__':
    main()

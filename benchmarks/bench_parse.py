#!/usr/bin/env python3
"""Parse throughput on a generated multi-megabyte article, in MB/s of UTF-8 input.

Captions are found from credit anchors, so the time should grow linearly with the text;
this prints the rate at two sizes so that a quadratic slip shows as a falling ratio, and the
seconds for 1k-8k captions of the dense mix (flat captions/s = linear).

    .venv/bin/python benchmarks/bench_parse.py [--mb 4]
"""

from __future__ import annotations

import argparse
import time

from caption_studio.core.article.captions import parse_article
from caption_studio.core.article.decode import read_article_bytes

BLOCKS = [
    "记者从市经信委获悉，一季度全市新增智能摄像头两万个，拍摄的画面实时接入指挥中心。{n}号线路今日试运行。\n\n",
    "4月23日下午，市政府召开推进会，部署下一阶段重点任务，会议由副市长主持，各区县负责人参加。\n\n",
    "4月{d}日，南岭区临港产业园第{n}车间，工人组装起重设备。\n记者 钱若溪 摄/视觉重庆",
    "4月{d}日，青溪港集装箱码头，岸桥正在装卸货物。记者 林晓岚 通讯员 周某 摄\n\n",
    "Passengers board a ferry at pier {n} in Harborview, China, Tuesday, April 23, 2024. (AP Photo/Kenji Adler)\n\n",
    "A worker walks past wafer containers in Riverton, China March 12, 2025. REUTERS/Anna Petrov\n\n",
    "The company said on Wednesday it would double output, adding 2,000 jobs, officials told Reuters in an interview.\n\n",
    "这是4月{d}日在云岭市北碚湖拍摄的游船。（新华社发 钱海生 摄）\n\n",
]


BODY = [b for b in BLOCKS if "摄" not in b[-12:] and "Photo" not in b and "REUTERS/" not in b]


def make_article(megabytes: float, dense: bool = False) -> bytes:
    """`dense`: nothing but captions and short paragraphs (a caption every ~180 bytes);
    otherwise a newspaper page's mix (a caption every ~2 KB of body text)."""
    parts = ["## 基准测试文章\n\n"]
    size, n = 0, 0
    while size < megabytes * 1_000_000:
        source = BLOCKS if dense or n % 12 == 0 else BODY
        block = source[n % len(source)].format(n=n, d=n % 28 + 1)
        parts.append(block)
        size += len(block.encode("utf-8"))
        n += 1
    return "".join(parts).encode("utf-8")


def bench(megabytes: float, dense: bool) -> tuple[float, int]:
    """MB/s of CPU time (process time: other work on the machine does not skew it)."""
    data = make_article(megabytes, dense)
    t0 = time.process_time()
    parsed = parse_article(read_article_bytes(data, "bench.txt"), year=2024)
    elapsed = max(time.process_time() - t0, 1e-6)
    return len(data) / 1_000_000 / elapsed, len(parsed.captions)


def make_captions(count: int) -> bytes:
    """The dense mix cut after `count` caption blocks (a block may hold one credit)."""
    parts = ["## 基准测试文章\n\n"]
    n = captions = 0
    while captions < count:
        block = BLOCKS[n % len(BLOCKS)].format(n=n, d=n % 28 + 1)
        parts.append(block)
        captions += block not in BODY
        n += 1
    return "".join(parts).encode("utf-8")


def scaling(counts: tuple[int, ...] = (1000, 2000, 4000, 8000)) -> None:
    """Seconds per caption count: linear parsing keeps captions/s and MB/s flat."""
    parse_article(read_article_bytes(make_captions(50), "warm.txt"), year=2024)  # lazy imports
    for count in counts:
        data = make_captions(count)
        t0 = time.process_time()
        parsed = parse_article(read_article_bytes(data, "bench.txt"), year=2024)
        elapsed = max(time.process_time() - t0, 1e-6)
        print(f"scaling {count:5d} captions ({len(data) / 1_000_000:5.2f} MB): {elapsed:6.3f} s  "
              f"{len(parsed.captions) / elapsed:7.0f} captions/s  {len(data) / 1_000_000 / elapsed:5.2f} MB/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=4.0, help="size of the larger article")
    args = parser.parse_args()
    # Loading the place index (once a process) is not parsing: it used to land in the first,
    # smaller article's time and made large/small read 3.6 instead of about 1.
    parse_article(read_article_bytes(make_captions(50), "warm.txt"), year=2024)
    for dense in (False, True):
        kind = "dense captions" if dense else "typical page  "
        small_rate, _ = bench(args.mb / 4, dense)
        rate, captions = bench(args.mb, dense)
        print(f"{kind} {args.mb / 4:4.1f} MB: {small_rate:6.2f} MB/s   {args.mb:4.1f} MB: {rate:6.2f} MB/s "
              f"({captions} captions)   large/small {rate / small_rate:.2f} (1.0 = linear)")
    scaling()


if __name__ == "__main__":
    main()

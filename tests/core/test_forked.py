import os
import time

import pytest

from caption_studio.core.media.forked import CHUNK, ForkPool, WorkerDied


def _square_with_pid(n):
    return n * n, os.getpid()


def _square_with_pid_slowly(n):
    time.sleep(0.002)  # long enough that one worker cannot take all the work alone
    return _square_with_pid(n)


def _children_of_me():
    me = os.getpid()
    kids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == me:
                kids.append(int(entry))
    return kids


def test_results_come_back_in_order_from_several_workers():
    items = list(range(1000))
    with ForkPool(2) as pool:
        pool.share(_square_with_pid_slowly, items)
        first = pool.submit(list(range(0, 200)))
        second = pool.submit([999, 3, 998] + list(range(500, 600)))  # queued before reading
        got_first = list(first)
        got_second = list(second)
    assert [r for r, _ in got_first] == [n * n for n in range(200)]
    assert [r for r, _ in got_second] == [n * n for n in [999, 3, 998, *range(500, 600)]]
    pids = {pid for _, pid in got_first + got_second}
    assert os.getpid() not in pids and len(pids) == 2  # the work was shared out
    assert _children_of_me() == []  # reaped


def test_a_queue_longer_than_the_pipe_holds_does_not_hang():
    # 64 KiB of pipe holds about 480 task records; 100,000 items are 3,125 of them, while
    # the workers' answers wait to be read.
    items = list(range(100_000))
    with ForkPool(2) as pool:
        pool.share(_square_with_pid, items)
        results = pool.submit(items)
        assert sum(r for r, _ in results) == sum(n * n for n in items)


def _fails_on_seven(n):
    if n == 7:
        raise ValueError("seven")
    return n


def test_an_error_in_a_worker_is_raised_in_the_caller():
    with ForkPool(2) as pool:
        pool.share(_fails_on_seven, list(range(3 * CHUNK)))
        results = pool.submit(list(range(3 * CHUNK)))
        with pytest.raises(RuntimeError, match="ValueError: seven"):
            list(results)
    assert _children_of_me() == []


def _dies_on_five(n):
    if n == 5:
        os._exit(3)  # what a crash in native code looks like from outside
    return n


def test_a_worker_that_dies_is_reported_and_the_others_are_stopped():
    with pytest.raises(WorkerDied), ForkPool(2) as pool:
        pool.share(_dies_on_five, list(range(200)))
        list(pool.submit(list(range(200))))
    assert _children_of_me() == []


def _slow(n):
    time.sleep(10)
    return n


def test_leaving_early_kills_the_workers_at_once():
    started = time.monotonic()
    with pytest.raises(KeyboardInterrupt), ForkPool(2) as pool:
        pool.share(_slow, list(range(8)))
        pool.submit(list(range(8)))
        raise KeyboardInterrupt
    assert time.monotonic() - started < 5
    assert _children_of_me() == []


def _plus_one(n):
    return n + 1


def test_work_queued_before_new_items_are_shared_still_uses_its_own_items():
    with ForkPool(2, initializer=lambda: time.sleep(0.2)) as pool:  # workers still starting
        pool.share(_square_with_pid, [2, 3])
        first = pool.submit([0, 1])
        pool.share(_plus_one, [10, 20, 30])
        second = pool.submit([2, 0])
        assert [r for r, _ in first] == [4, 9]
        assert list(second) == [31, 11]


def test_submitting_before_sharing_is_an_error():
    with ForkPool(1) as pool, pytest.raises(RuntimeError, match="share"):
        pool.submit([0])

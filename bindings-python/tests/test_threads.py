"""Several Python threads sharing one client and one domain handle: every
write lands once, reads see consistent records, nothing deadlocks."""

import threading
import time
import uuid

import vividshift


def test_threads_share_a_client(client):
    domain = client.create_domain(name="t_" + uuid.uuid4().hex[:8], display_name="Threads")
    threads, per_thread = 8, 25
    errors = []
    barrier = threading.Barrier(threads)

    def work(n):
        try:
            barrier.wait()
            mine = client.domain(domain.id)
            for i in range(per_thread):
                p = (domain if i % 2 else mine).create_participant(name=f"p{n}-{i}", skills=[f"s{n}"])
                assert domain.participant(p.id).name == f"p{n}-{i}"
                domain.update_participant(p.id, group=f"g{n}")
            assert len(domain.list_participants(skill=f"s{n}")) == per_thread
        except Exception as e:  # pragma: no cover - reported below
            errors.append(e)

    workers = [threading.Thread(target=work, args=(n,)) for n in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(timeout=120)
    assert not any(w.is_alive() for w in workers)
    assert errors == []
    everyone = domain.list_participants()
    assert len(everyone) == threads * per_thread
    assert len({p.id for p in everyone}) == threads * per_thread
    assert all(p.group == "g" + p.name[1:].split("-")[0] for p in everyone)


def test_conflicts_under_contention_raise_for_all_but_one(client):
    domain = client.create_domain(name="c_" + uuid.uuid4().hex[:8], display_name="Contention")
    outcomes = []
    lock = threading.Lock()

    def create():
        try:
            domain.create_rule_configuration(name="same", strategy="random")
            result = "ok"
        except vividshift.ConflictError:
            result = "conflict"
        with lock:
            outcomes.append(result)

    workers = [threading.Thread(target=create) for _ in range(6)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(timeout=60)
    assert sorted(outcomes) == ["conflict"] * 5 + ["ok"]


def test_validator_is_shareable_between_threads():
    validator = vividshift.Validator({"name": "s", "fields": {"n": {"field_type": "integer", "constraints": {"max": 10}}}})
    results = []

    def work():
        results.append(all(validator.is_valid({"n": i}) == (i <= 10) for i in range(200)))

    workers = [threading.Thread(target=work) for _ in range(4)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(timeout=60)
    assert results == [True] * 4


def test_the_gil_is_released_while_a_call_runs():
    # A ticking thread keeps running while the main thread makes many client
    # calls; with the GIL held across calls it would still tick (calls are
    # short), so this mostly guards against deadlocks between the two.
    client = vividshift.connect("memory://")
    domain = client.create_domain(name="gil", display_name="GIL")
    ticks = []
    stop = threading.Event()

    def tick():
        while not stop.is_set():
            ticks.append(1)
            time.sleep(0.001)

    t = threading.Thread(target=tick)
    t.start()
    for i in range(200):
        domain.create_participant(name=f"p{i}")
    stop.set()
    t.join(timeout=10)
    assert ticks
    assert len(domain.list_participants()) == 200

import json
import threading

from worker import jobs
from worker.metrics import Registry
from worker.queues import Message, QueueError
from worker.runner import State, Worker, WorkerMetrics


class MemoryQueue:
    def __init__(self, *bodies):
        self.waiting = [json.dumps(b).encode() if isinstance(b, dict) else b for b in bodies]
        self.acked, self.dead, self.retried = [], [], []
        self.fail_gets = 0

    def recover(self):
        return 0

    def get(self, timeout):
        if self.fail_gets:
            self.fail_gets -= 1
            raise QueueError("down")
        return Message(body=self.waiting.pop(0)) if self.waiting else None

    def ack(self, message):
        self.acked.append(message.body)

    def retry(self, message, body):
        self.retried.append(body)
        self.waiting.append(body)

    def dead_letter(self, message):
        self.dead.append(message.body)

    def ping(self):
        pass

    def close(self):
        pass


def make_worker(queue, handle, max_attempts=3):
    metrics = WorkerMetrics(Registry())
    return Worker(queue, handle, metrics, State(), max_attempts=max_attempts, poll_timeout=0.01, retryable=(jobs.RetryableError,)), metrics


def drain(worker, queue):
    while queue.waiting:
        worker.process(queue.get(0))


def test_a_job_that_works_is_acknowledged():
    queue = MemoryQueue({"type": "ping", "id": "1"})
    worker, metrics = make_worker(queue, jobs.handle)
    drain(worker, queue)
    assert len(queue.acked) == 1 and not queue.dead
    assert metrics.jobs.value(type="ping", outcome="succeeded") == 1


def test_retryable_failures_retry_then_dead_letter():
    def flaky(job):
        raise jobs.RetryableError("dependency timed out")

    queue = MemoryQueue({"type": "ping"})
    worker, metrics = make_worker(queue, flaky, max_attempts=3)
    drain(worker, queue)
    assert [json.loads(b)["attempts"] for b in queue.retried] == [1, 2]
    assert len(queue.dead) == 1
    assert metrics.jobs.value(type="ping", outcome="retried") == 2
    assert metrics.jobs.value(type="ping", outcome="dead_lettered") == 1


def test_unknown_types_and_unreadable_jobs_are_dead_lettered():
    queue = MemoryQueue({"type": "nope"}, b"not json", b"[1, 2]")
    worker, metrics = make_worker(queue, jobs.handle)
    drain(worker, queue)
    assert len(queue.dead) == 3 and not queue.acked
    assert metrics.jobs.value(type="unreadable", outcome="dead_lettered") == 2


def test_queue_failures_are_counted_and_the_loop_stops_on_request():
    queue = MemoryQueue()
    queue.fail_gets = 1
    worker, metrics = make_worker(queue, jobs.handle)
    stop = threading.Event()
    thread = threading.Thread(target=worker.run, args=(stop,))
    thread.start()
    stop.set()
    thread.join(timeout=5)
    assert not thread.is_alive()
    assert metrics.queue_errors.value() == 1

#!/usr/bin/env python3
"""How many people one server carries: N concurrent Bailanys sessions over a real sshd on localhost (issue 16).

Usage: scripts/session-capacity.py --binary .build/release/bailanys [--sessions 100] [--seconds 60] [--json]

Standard library only; needs /usr/sbin/sshd, ssh and ssh-keygen. Everything lives in a temporary folder: the demo
directory at programme size (`bailanys sample`, 8,900 alumni), one key per session granted to its own alumnus with
`bailanys access grant`, and an sshd on a free high port of 127.0.0.1 with its own host key and config.

1. Connects N `ssh -tt` sessions, each on its own 120x40 pseudo-terminal (10 at a time), and waits until every one
   has drawn its interface and gone quiet.
2. Memory of every `bailanys session` process from /proc (again after step 3, as RSS after keys): RSS and PSS (proportional set size: shared pages, such as
   the binary's text and the directory file's cache, divided among the processes that share them; the PSS of all
   sessions adds up to what they really take), and the PSS of sshd's per-connection processes.
3. For --seconds, every session presses j or k (down, up) at random intervals around --interval seconds, never with a
   key outstanding; keystroke->frame is the time from writing the key into the terminal to the last byte of the
   redraw it causes (the burst of output ends when nothing more arrives for 150 ms; that wait is not counted).
   Meanwhile --writers workers each log contacts through `ssh KEY "log Pi Pj --note ..."` (a new session per write,
   as a person would) one after another: writes per second are acknowledged writes over the phase.
4. Every acknowledged write is looked up in the directory afterwards: a missing one is a lost write.

Prints the figures (with --json, one JSON object), with the load average before and after: the machine may be shared.
"""
import argparse
import fcntl
import json
import os
import random
import re
import select
import shutil
import signal
import socket
import sqlite3
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time

QUIET = 0.15  # seconds without output that end a redraw


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def percentile(values, fraction):
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def proc_memory(pid):
    """(RSS KiB, PSS KiB) of a process, or None when it is gone."""
    try:
        rss = pss = None
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    rss = int(line.split()[1])
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    pss = int(line.split()[1])
        return rss, pss
    except OSError:
        return None


def processes():
    """(pid, ppid, argv) of every process."""
    found = []
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/cmdline", "rb") as f:
                argv = [a.decode(errors="replace") for a in f.read().split(b"\0") if a]
            with open(f"/proc/{name}/stat") as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            found.append((int(name), ppid, argv))
        except (OSError, IndexError, ValueError):
            continue
    return found


class Session:
    """One `ssh -tt` on its own pseudo-terminal."""

    def __init__(self, index, person, words, env):
        self.index, self.person = index, person
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
        self.process = subprocess.Popen(words, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True)
        os.close(slave)
        os.set_blocking(master, False)
        self.master = master
        self.received = 0
        self.last_output = time.monotonic()
        self.sent_at = None  # a key outstanding since
        self.first_byte = None
        self.next_key_at = None
        self.down = True
        self.closed = False

    def drain(self, now):
        try:
            data = os.read(self.master, 65536)
        except BlockingIOError:
            return 0
        except OSError:
            data = b""
        if not data:
            self.closed = True
            return 0
        self.received += len(data)
        self.last_output = now
        if self.sent_at is not None and self.first_byte is None:
            self.first_byte = now
        return len(data)

    def press(self, now):
        os.write(self.master, b"j" if self.down else b"k")
        self.down = not self.down
        self.sent_at, self.first_byte = now, None


def pump(sessions, seconds):
    """Reads every terminal for up to `seconds`."""
    by_fd = {s.master: s for s in sessions if not s.closed}
    if not by_fd:
        time.sleep(seconds)
        return
    ready, _, _ = select.select(list(by_fd), [], [], seconds)
    now = time.monotonic()
    for fd in ready:
        by_fd[fd].drain(now)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--binary", required=True)
    parser.add_argument("--sessions", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--interval", type=float, default=1.0, help="mean seconds between one session's keys")
    parser.add_argument("--writers", type=int, default=4)
    parser.add_argument("--alumni", type=int, default=8900)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()
    binary = os.path.abspath(args.binary)
    folder = tempfile.mkdtemp(prefix="bailanys-sessions-")
    os.chmod(folder, 0o700)
    log = lambda text: print(f"[sessions] {text}", file=sys.stderr, flush=True)
    load_before = os.getloadavg()
    env = {"PATH": "/usr/bin:/bin", "HOME": folder, "LANG": "C.UTF-8", "TERM": "xterm-256color"}
    run = lambda words, **kw: subprocess.run(words, env=env, capture_output=True, text=True, **kw)
    sshd = None
    sessions = []
    try:
        db = f"{folder}/directory.sqlite"
        made = run([binary, "sample", "--alumni", str(args.alumni), "--db", db])
        if made.returncode != 0:
            sys.exit(f"bailanys sample failed: {made.stderr}")
        with sqlite3.connect(db) as conn:
            coordinator = conn.execute("SELECT person_id FROM coordinator_reach WHERE reach = 'country' LIMIT 1").fetchone()[0]
            people = [r[0] for r in conn.execute(
                "SELECT id FROM person WHERE is_alumnus = 1 AND is_mentor = 0 AND is_coordinator = 0 ORDER BY id LIMIT ?",
                (args.sessions + 1,))]
        if len(people) < args.sessions + 1:
            sys.exit("not enough alumni in the demo directory")
        keys_file = f"{folder}/authorized_keys"
        open(keys_file, "w").close()
        os.chmod(keys_file, 0o600)
        log(f"granting {args.sessions} keys")
        keys = []
        for index, person in enumerate(people[: args.sessions]):
            key = f"{folder}/key{index}"
            subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key], check=True)
            granted = run([binary, "access", "grant", f"P{person}", "--key", key + ".pub", "--authorized-keys", keys_file,
                           "--as", f"P{coordinator}", "--db", db])
            if granted.returncode != 0:
                sys.exit(f"access grant failed: {granted.stderr}")
            keys.append(key)

        port = free_port()
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", f"{folder}/host_key"], check=True)
        user = os.environ.get("USER") or subprocess.run(["id", "-un"], capture_output=True, text=True).stdout.strip()
        with open(f"{folder}/sshd_config", "w") as config:
            config.write(f"""ListenAddress 127.0.0.1
PidFile {folder}/sshd.pid
UsePAM no
StrictModes no
AuthorizedKeysFile {keys_file}
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
ExposeAuthInfo yes
AcceptEnv LANG
MaxStartups 1000
LogLevel ERROR
""")
        if os.getuid() == 0:
            os.makedirs("/run/sshd", exist_ok=True)
        sshd = subprocess.Popen(["/usr/sbin/sshd", "-D", "-e", "-p", str(port), "-f", f"{folder}/sshd_config",
                                 "-h", f"{folder}/host_key"], stdout=subprocess.DEVNULL,
                                stderr=open(f"{folder}/sshd.log", "w"), start_new_session=True)
        ssh = ["ssh", "-o", "BatchMode=yes", "-o", "ConnectTimeout=30", "-o", "StrictHostKeyChecking=no",
               "-o", f"UserKnownHostsFile={folder}/known_hosts", "-o", "IdentitiesOnly=yes", "-o", "IdentityAgent=none",
               "-o", "LogLevel=ERROR", "-F", "/dev/null", "-p", str(port)]
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            probe = run(ssh + ["-i", keys[0], f"{user}@127.0.0.1", "search zzzz"])
            if "Connection refused" not in probe.stderr:
                break
            time.sleep(0.2)

        # 1. Connect, 10 at a time; a session is ready when it has drawn and been quiet for 1.5 s.
        start_connect = time.monotonic()
        for first in range(0, args.sessions, 10):
            batch = [Session(i, people[i], ssh + ["-tt", "-o", "SendEnv=LANG", "-i", keys[i], f"{user}@127.0.0.1"], env)
                     for i in range(first, min(first + 10, args.sessions))]
            sessions += batch
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:
                pump(sessions, 0.1)
                now = time.monotonic()
                if all(s.closed or (s.received > 2000 and now - s.last_output > 1.5) for s in batch):
                    break
            log(f"{len(sessions)} sessions connected")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            pump(sessions, 0.1)
            now = time.monotonic()
            if all(s.closed or now - s.last_output > 1.5 for s in sessions):
                break
        connect_seconds = time.monotonic() - start_connect
        live = [s for s in sessions if not s.closed and s.received > 2000]

        # 2. Memory.
        table = processes()
        real = os.path.realpath(binary)
        session_pids = [pid for pid, _, argv in table
                        if argv and "session" in argv and os.path.realpath(argv[0]) == real]
        children = {}
        for pid, ppid, _ in table:
            children.setdefault(ppid, []).append(pid)
        sshd_pids, stack = [], list(children.get(sshd.pid, []))
        while stack:
            pid = stack.pop()
            if pid in session_pids:
                continue
            argv = next((a for p, _, a in table if p == pid), [])
            if argv and "sshd" in argv[0]:
                sshd_pids.append(pid)
            stack += children.get(pid, [])
        memory = [m for m in (proc_memory(pid) for pid in session_pids) if m]
        sshd_memory = [m for m in (proc_memory(pid) for pid in sshd_pids) if m]
        rss = [m[0] / 1024 for m in memory]
        pss = [m[1] / 1024 for m in memory]
        log(f"{len(memory)} bailanys session processes, {len(sshd_pids)} sshd processes")

        # 3. Keystrokes and writes together.
        run_id = f"cap{os.getpid()}"
        acknowledged, busy, failed, write_times = [], [], [], []
        lock = threading.Lock()
        stop = threading.Event()
        others = people[args.sessions]

        def writer(worker):
            count = 0
            while not stop.is_set():
                index = random.randrange(args.sessions)
                note = f"{run_id}-{worker}-{count}"
                count += 1
                began = time.monotonic()
                done = run(ssh + ["-i", keys[index], f"{user}@127.0.0.1",
                                  f"log P{people[index]} P{others} --channel call --note {note}"])
                with lock:
                    if done.returncode == 0:
                        acknowledged.append(note)
                        write_times.append(time.monotonic() - began)
                    elif "Someone else is saving" in done.stderr:
                        busy.append(note)
                    else:
                        failed.append((done.returncode, done.stderr.strip()[:200]))

        latencies, first_bytes, timeouts = [], [], 0
        now = time.monotonic()
        for s in live:
            s.next_key_at = now + random.uniform(0, 2 * args.interval)
        threads = [threading.Thread(target=writer, args=(w,), daemon=True) for w in range(args.writers)]
        phase_start = time.monotonic()
        for t in threads:
            t.start()
        end = phase_start + args.seconds
        while True:
            now = time.monotonic()
            for s in live:
                if s.closed:
                    continue
                if s.sent_at is None:
                    if now < end and now >= s.next_key_at:
                        s.press(now)
                elif s.first_byte is not None and now - s.last_output >= QUIET:
                    latencies.append(s.last_output - s.sent_at)
                    first_bytes.append(s.first_byte - s.sent_at)
                    s.sent_at = None
                    s.next_key_at = now + random.uniform(0.5, 1.5) * args.interval
                elif s.first_byte is None and now - s.sent_at > 10:
                    timeouts += 1
                    s.sent_at = None
                    s.next_key_at = now + args.interval
            if now >= end and all(s.sent_at is None or s.closed for s in live):
                break
            pump(live, 0.01)
        stop.set()
        for t in threads:
            t.join()
        phase_seconds = time.monotonic() - phase_start
        load_after = os.getloadavg()
        # Memory again after a minute of use (the same processes; the writers' short sessions have ended).
        rss_used = [m[0] / 1024 for m in (proc_memory(pid) for pid in session_pids) if m]

        # 4. No lost writes.
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
            stored = {r[0] for r in conn.execute("SELECT note FROM interaction WHERE note LIKE ?", (run_id + "-%",))}
        lost = [note for note in acknowledged if note not in stored]

        for s in live:
            try:
                os.write(s.master, b"q")
            except OSError:
                pass
        result = {
            "sessions": args.sessions, "connected": len(live), "connectSeconds": round(connect_seconds, 1),
            "alumni": args.alumni, "seconds": round(phase_seconds, 1), "interval": args.interval, "writers": args.writers,
            "keystrokes": len(latencies), "keystrokeTimeouts": timeouts,
            "keystrokeToFrameMs": {k: round(v * 1000, 1) for k, v in
                                   (("p50", percentile(latencies, 0.5)), ("p90", percentile(latencies, 0.9)),
                                    ("p99", percentile(latencies, 0.99)), ("max", max(latencies, default=0)))},
            "firstByteMs": {k: round(v * 1000, 1) for k, v in
                            (("p50", percentile(first_bytes, 0.5)), ("p99", percentile(first_bytes, 0.99)))},
            "rssMiB": {"mean": round(sum(rss) / max(len(rss), 1), 1), "p50": round(percentile(rss, 0.5) or 0, 1),
                       "p90": round(percentile(rss, 0.9) or 0, 1), "max": round(max(rss, default=0), 1),
                       "total": round(sum(rss), 1)},
            "rssAfterKeysMiB": {"mean": round(sum(rss_used) / max(len(rss_used), 1), 1),
                                "p90": round(percentile(rss_used, 0.9) or 0, 1), "max": round(max(rss_used, default=0), 1)},
            "pssMiB": {"mean": round(sum(pss) / max(len(pss), 1), 1), "max": round(max(pss, default=0), 1),
                       "total": round(sum(pss), 1)},
            "sshdPssMiB": {"processes": len(sshd_memory), "total": round(sum(m[1] for m in sshd_memory) / 1024, 1)},
            "writes": {"acknowledged": len(acknowledged), "perSecond": round(len(acknowledged) / phase_seconds, 2),
                       "busyRefusals": len(busy), "failed": len(failed), "lost": len(lost),
                       "p50Ms": round((percentile(write_times, 0.5) or 0) * 1000, 1),
                       "p99Ms": round((percentile(write_times, 0.99) or 0) * 1000, 1)},
            "failures": [f"{code}: {re.sub(r'[^ -~]', '?', text)}" for code, text in failed[:5]],
            "loadAverageBefore": [round(x, 2) for x in load_before],
            "loadAverageAfter": [round(x, 2) for x in load_after],
            "cores": os.cpu_count(),
        }
        if args.json:
            print(json.dumps(result))
        else:
            print(json.dumps(result, indent=2))
    finally:
        for s in sessions:
            if s.process.poll() is None:
                time.sleep(0.05)
                s.process.terminate()
        for s in sessions:
            try:
                s.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                s.process.kill()
            try:
                os.close(s.master)
            except OSError:
                pass
        if sshd is not None:
            sshd.terminate()
            sshd.wait(timeout=10)
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()

"""Socket helpers of bench/footprint.sh (run with /usr/bin/python3; standard library only).

  footprint.py hold --port P --count N --ready FILE [--hold S]
      Opens N connections to 127.0.0.1:P, sends each PING once and reads its +PONG, writes
      "ready N" to FILE and keeps them open, idle, until SIGTERM, SIGINT, or S seconds (600).
      Raises its own open-file limit (soft, up to the hard one) first; fails when the hard
      limit is too low. Exit 0 after a clean hold, 1 on any failure (the reason on stderr and
      in FILE as "failed: ...").

  footprint.py startup --port P --log FILE [--timeout S] [--stop-timeout S] -- COMMAND...
      Launches COMMAND (stdout and stderr to FILE), polls 127.0.0.1:P every 10 ms with PING
      until the first +PONG, prints the milliseconds from launch to that reply and the CPU
      milliseconds the process had used by then (its threads and the children it waited for,
      such as a start script's probes before it exec'd the server), then stops the process
      (SIGTERM; SIGKILL after --stop-timeout). COMMAND must exec the server, not fork it. Exit 0 with the time, 1 when the process
      died or gave no PONG within S seconds (default 60), 2 when its log says the port was taken.
"""

import argparse
import os
import resource
import signal
import socket
import struct
import subprocess
import sys
import time

PING = b"*1\r\n$4\r\nPING\r\n"
POLL_INTERVAL = 0.010


class Stop(Exception):
    pass


def on_signal(signum, frame):
    raise Stop()


def read_line(sock, deadline):
    """One reply line, bounded by deadline (time.monotonic())."""
    data = b""
    while not data.endswith(b"\r\n"):
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("no reply")
        sock.settimeout(left)
        chunk = sock.recv(256)
        if not chunk:
            raise ConnectionError("closed by the server" + (f" after {data!r}" if data else ""))
        data += chunk
        if len(data) > 4096:
            break
    return data


def ping(port, deadline):
    """A connected socket that answered PING with +PONG; raises otherwise."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=max(0.001, deadline - time.monotonic()))
    try:
        sock.sendall(PING)
        reply = read_line(sock, deadline)
        if not reply.startswith(b"+PONG"):
            raise ConnectionError(f"PING replied {reply[:200]!r}")
        return sock
    except BaseException:
        sock.close()
        raise


def hold(args):
    with open(args.ready, "w") as f:
        f.write("")
    socks = []
    status = 0
    try:
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        need = args.count + 64
        if soft != resource.RLIM_INFINITY and soft < need:
            if hard != resource.RLIM_INFINITY and hard < need:
                raise RuntimeError(f"the open-file limit is {hard} (hard), {need} needed for {args.count} connections")
            resource.setrlimit(resource.RLIMIT_NOFILE, (need, hard))
        deadline = time.monotonic() + args.open_timeout
        # Reset at close instead of FIN: no TIME_WAIT left behind on the client's ports.
        linger = struct.pack("ii", 1, 0)
        for i in range(args.count):
            if time.monotonic() > deadline:
                raise TimeoutError(f"{i} of {args.count} connections open after {args.open_timeout} s")
            try:
                sock = ping(args.port, min(deadline, time.monotonic() + 10))
            except (OSError, ConnectionError) as e:
                raise RuntimeError(f"connection {i + 1}: {e}") from e
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, linger)
            socks.append(sock)
        with open(args.ready, "w") as f:
            f.write(f"ready {len(socks)}\n")
        time.sleep(args.hold)
    except Stop:
        pass
    except Exception as e:
        print(f"footprint.py hold: {e}", file=sys.stderr)
        with open(args.ready, "w") as f:
            f.write(f"failed: {e}\n")
        status = 1
    finally:
        for sock in socks:
            sock.close()
    return status


def cpu_ms(pid):
    """CPU time of a process and its reaped children, in ms (clock-tick resolution); -1 if unknown."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        # after the command name: state is field 3, utime..cstime are fields 14..17
        ticks = sum(int(x) for x in fields[11:15])
        return ticks * 1000 // os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return -1


def stop(proc, limit):
    if proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(limit)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(10)


def startup(args):
    if not args.command:
        print("footprint.py startup: no command", file=sys.stderr)
        return 1
    proc = None
    try:
        with open(args.log, "ab") as log:
            start = time.monotonic()
            proc = subprocess.Popen(args.command, stdin=subprocess.DEVNULL, stdout=log, stderr=log)
        deadline = start + args.timeout
        while True:
            now = time.monotonic()
            if now > deadline:
                print(f"footprint.py startup: no PONG within {args.timeout} s", file=sys.stderr)
                return 1
            if proc.poll() is not None:
                with open(args.log, "rb") as f:
                    text = f.read().decode(errors="replace")
                if "Address already in use" in text or "BindException" in text:
                    return 2
                print(f"footprint.py startup: the process exited ({proc.returncode}) before answering", file=sys.stderr)
                return 1
            try:
                ping(args.port, min(deadline, now + 1)).close()
                wall = (time.monotonic() - start) * 1000
                print(f"{wall:.0f} {cpu_ms(proc.pid)}")
                return 0
            except (OSError, ConnectionError):
                time.sleep(POLL_INTERVAL)
    except Stop:
        return 1
    finally:
        if proc is not None:
            stop(proc, args.stop_timeout)


def main():
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    parser = argparse.ArgumentParser(prog="footprint.py")
    sub = parser.add_subparsers(dest="mode", required=True)
    h = sub.add_parser("hold")
    h.add_argument("--port", type=int, required=True)
    h.add_argument("--count", type=int, required=True)
    h.add_argument("--ready", required=True)
    h.add_argument("--hold", type=float, default=600)
    h.add_argument("--open-timeout", type=float, default=300)
    s = sub.add_parser("startup")
    s.add_argument("--port", type=int, required=True)
    s.add_argument("--log", required=True)
    s.add_argument("--timeout", type=float, default=60)
    s.add_argument("--stop-timeout", type=float, default=20)
    s.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    if args.mode == "startup" and args.command[:1] == ["--"]:
        args.command = args.command[1:]
    return hold(args) if args.mode == "hold" else startup(args)


if __name__ == "__main__":
    sys.exit(main())

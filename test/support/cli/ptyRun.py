"""Test helper: runs a program on a real pseudo-terminal (python3's pty module).

Reads one JSON object on stdin: {"argv": [...], "env": {...}, "cwd": "...",
"answers": [{"when": "text", "send": "text"}], "timeoutMs": N}. The child's
stdin, stdout and stderr are the terminal. Each answer is typed once its
"when" text has appeared in the output (after the previous answer's). Prints
one JSON object: {"output": base64 of every byte the terminal received,
"code": exit code or null, "signal": signal number or null, "timedOut": bool}.
"""
import base64, json, os, pty, select, signal, struct, sys, termios, fcntl, time

spec = json.load(sys.stdin)
answers = list(spec.get("answers", []))
deadline = time.monotonic() + spec.get("timeoutMs", 60000) / 1000

pid, fd = pty.fork()
if pid == 0:
    if spec.get("cwd"):
        os.chdir(spec["cwd"])
    os.execvpe(spec["argv"][0], spec["argv"], spec["env"])

fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
out = b""
searched_from = 0
timed_out = False
while True:
    left = deadline - time.monotonic()
    if left <= 0:
        timed_out = True
        os.kill(pid, signal.SIGKILL)
        break
    ready, _, _ = select.select([fd], [], [], min(left, 0.5))
    if not ready:
        continue
    try:
        data = os.read(fd, 65536)
    except OSError:  # EIO: the child closed the terminal
        break
    if not data:
        break
    out += data
    while answers and answers[0]["when"].encode() in out[searched_from:]:
        searched_from = out.index(answers[0]["when"].encode(), searched_from) + 1
        os.write(fd, answers.pop(0)["send"].encode())

_, status = os.waitpid(pid, 0)
json.dump({
    "output": base64.b64encode(out).decode(),
    "code": os.WEXITSTATUS(status) if os.WIFEXITED(status) else None,
    "signal": os.WTERMSIG(status) if os.WIFSIGNALED(status) else None,
    "timedOut": timed_out,
}, sys.stdout)

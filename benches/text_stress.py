#!/usr/bin/env python3
"""Text-art stress inputs, drawn by the real binary under /usr/bin/time -v.

Each must finish in under 2 s and 200 MB, drawn or clearly refused (exit 1 with a message
naming the limit, exit 2). Usage: benches/text_stress.py [MMDR_BINARY] [--ascii]
(`cargo build --release` first; the binary defaults to target/release/mmdr.)
"""
import os
import re
import subprocess
import sys
import tempfile


def complete(n):
    return "flowchart TD\n" + "".join(
        f"  n{i} --> n{j}\n" for i in range(n) for j in range(i + 1, n))


def nested(depth):
    return ("flowchart TD\n" + "".join(f"subgraph s{i}\n  x{i}\n" for i in range(depth))
            + "  a --> b\n" + "end\n" * depth)


def star(leaves):
    return "flowchart TD\n" + "".join(f"  hub --> leaf{i}\n" for i in range(leaves))


def chain(n):
    return "flowchart LR\n" + "".join(f"  c{i} --> c{i + 1}\n" for i in range(n))


def parallel(n):
    return "flowchart TD\n" + "  a --> b\n" * n


def layered(nodes, edges, seed=7):
    """Seeded random edges from lower to higher node numbers (a DAG of `nodes`)."""
    state = seed
    out = ["flowchart TD\n"]
    for _ in range(edges):
        state = (state * 1103515245 + 12345) % 2**31
        a = state % (nodes - 1)
        state = (state * 1103515245 + 12345) % 2**31
        b = a + 1 + state % min(8, nodes - 1 - a)
        out.append(f"  n{a} --> n{b}\n")
    return "".join(out)


CASES = {
    "complete-40": complete(40),
    "complete-20": complete(20),
    "nested-200": nested(200),
    "star-3000": star(3000),
    "star-1000": star(1000),
    "chain-1000": chain(1000),
    "parallel-1000": parallel(1000),
    "random-300-1000": layered(300, 1000),
}


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    args = [a for a in sys.argv[1:] if a != "--ascii"]
    mode = ["--ascii"] if "--ascii" in sys.argv[1:] else []
    binary = args[0] if args else os.path.join(root, "target/release/mmdr")
    worst = True
    with tempfile.TemporaryDirectory() as tmp:
        print(f"{'input':<18}{'edges':>6}{'seconds':>9}{'MB':>7}  outcome")
        for name, text in CASES.items():
            src = os.path.join(tmp, name + ".mmd")
            with open(src, "w") as f:
                f.write(text)
            out = os.path.join(tmp, name + ".txt")
            p = subprocess.run(["/usr/bin/time", "-v", binary, "render", src, "-o", out] + mode,
                               capture_output=True, text=True)
            secs = float(re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?([\d.]+)", p.stderr)
                         .group(2))
            mb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", p.stderr).group(1)) / 1024
            if p.returncode == 0:
                size = open(out).read().splitlines()
                outcome = f"drawn {len(size)} x {max(map(len, size), default=0)}"
            else:
                msg = [l for l in p.stderr.splitlines() if l.startswith("error:")]
                outcome = "refused: " + (msg[0].split(": cannot draw as text: ")[-1] if msg
                                         else f"exit {p.returncode}")[:100]
            edges = text.count("-->")
            refused = p.returncode == 2 and "for text art" in p.stderr
            ok = secs < 2 and mb < 200 and (p.returncode == 0 or refused)
            worst &= ok
            print(f"{name:<18}{edges:>6}{secs:>9.2f}{mb:>7.0f}  {'' if ok else 'OVER '}{outcome}")
    sys.exit(0 if worst else 1)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Conformance with mermaid-js, measured by the shared comparison tool.

Renders every diagram of ../shared/corpus/{seeds,public,spec,spec/invalid,realworld,
realworld/invalid} with the mmdr
binary to JSON (a rejected diagram becomes {"ok": false}), then runs
../shared/tools/oracle/compare.py against mermaid's expected dumps. Fails unless every file
agrees, except the files listed under "Known differences" in grammar/README.md.
"""
import json, os, re, shutil, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(ROOT, '..', 'shared')
BIN = os.path.join(ROOT, 'target', 'release', 'mmdr')


def known_differences():
    text = open(os.path.join(ROOT, 'grammar', 'README.md'), encoding='utf-8').read()
    m = re.search(r'^## Known differences.*?$(.*?)(^## |\Z)', text, re.S | re.M)
    return set(re.findall(r'^- `([^`]+)`', m.group(1), re.M)) if m else set()


def main():
    known = known_differences()
    failed = False
    work = tempfile.mkdtemp(prefix='mmdr-conformance-')
    for sub in ['seeds', 'public', 'spec', 'spec/invalid', 'realworld', 'realworld/invalid']:
        src = os.path.join(SHARED, 'corpus', sub)
        exp = os.path.join(work, sub, 'expected')
        ours = os.path.join(work, sub, 'ours')
        os.makedirs(exp)
        os.makedirs(ours)
        for f in sorted(os.listdir(src)):
            if not f.endswith('.mmd'):
                continue
            stem = f[:-4]
            if stem in known:
                continue
            shutil.copy(os.path.join(src, 'expected', stem + '.json'), exp)
            out = os.path.join(ours, stem + '.json')
            r = subprocess.run([BIN, 'render', os.path.join(src, f), '-o', out], capture_output=True, text=True)
            if r.returncode == 1:
                json.dump({'ok': False, 'error': r.stderr}, open(out, 'w'))
            elif r.returncode != 0:
                print(f'{sub}/{f}: mmdr failed: {r.stderr}')
                failed = True
        r = subprocess.run([sys.executable, os.path.join(SHARED, 'tools', 'oracle', 'compare.py'), exp, ours], capture_output=True, text=True)
        summary = [l for l in r.stdout.splitlines() if 'acceptance agrees' in l or 'all checks equal' in l]
        print(f'{sub}: ' + ' | '.join(' '.join(l.split()) for l in summary))
        if r.returncode != 0:
            print(r.stdout)
            failed = True
    shutil.rmtree(work, ignore_errors=True)
    sys.exit(1 if failed else 0)


if __name__ == '__main__':
    main()

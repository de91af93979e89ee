#!/usr/bin/env python3
"""Summarise a dotnet-trace speedscope file (sampled thread time): drop samples whose leaf frame is a wait, so what
remains approximates CPU; print the top leaf frames and the top inclusive frames of the busy samples."""
import collections, json, re, sys

WAIT = re.compile(r"WaitNative|WaitOneNoCheck|Monitor\.Wait|Interop\+Sys\.(Read|WaitForSocketEvents|Poll)|epoll|"
                  r"LowLevelLifoSemaphore|WaitForSignal|Thread\.Sleep|SleepEx|WaitHandle|WaitOne|WaitCore|"
                  r"Interop\+Sys\.Accept|Unmanaged code time|CPU_TIME|UNMANAGED_CODE_TIME|WorkerThreadStart\(\)$|Heartbeat|ThreadPoolWorkQueue\.Dispatch\(\)$")
doc = json.load(open(sys.argv[1]))
frames = [f["name"] for f in doc["shared"]["frames"]]
leaf, incl = collections.Counter(), collections.Counter()
busy = total = 0.0
def account(stack, w):
    global busy, total
    total += w
    if not stack or w <= 0:
        return
    top = frames[stack[-1]]
    if WAIT.search(top):
        return
    busy += w
    leaf[top] += w
    for name in set(frames[i] for i in stack):
        incl[name] += w
for prof in doc["profiles"]:
    if prof.get("type") == "evented":  # open/close events: time between events belongs to the current stack
        stack, last = [], prof.get("startValue", 0)
        for e in prof["events"]:
            account(stack, e["at"] - last)
            last = e["at"]
            if e["type"] == "O":
                stack.append(e["frame"])
            elif stack:
                stack.pop()
    else:
        for st, w in zip(prof.get("samples", []), prof.get("weights", [])):
            account(st, w)
def short(n): return (n[:110] + "...") if len(n) > 113 else n
print(f"busy samples: {busy:.0f} of {total:.0f} sampled thread time units ({100*busy/max(total,1):.1f}%)")
print("\n== top exclusive (leaf) frames, % of busy")
for n, w in leaf.most_common(35): print(f"{100*w/busy:6.2f}%  {short(n)}")
print("\n== top inclusive frames, % of busy (PushGrpc / gRPC / HTTP / JSON / validation / GC / JIT)")
keep = re.compile(r"PushGrpc|Grpc|Http2|Kestrel|Json|FluentValidation|Protobuf|Ssl|GC|Jit|Apns|Uri|Guid|Channel|Semaphore|Logger|Log")
for n, w in [(n, w) for n, w in incl.most_common(400) if keep.search(n)][:45]: print(f"{100*w/busy:6.2f}%  {short(n)}")

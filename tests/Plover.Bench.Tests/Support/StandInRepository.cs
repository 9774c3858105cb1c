namespace Plover.Bench.Tests;

/// <summary>
/// A throw-away repository folder whose <c>./plover</c> is a shell script standing in for the real
/// CLI, so the bench's side of the cluster contract can be tested before the replication engine
/// exists: <c>cluster up --guest G --mode M --port-base P --data DIR</c> starts three redis-servers
/// on P+1..P+3 with their pids in DIR/nodeN/node.pid and records its arguments in DIR/up.args;
/// <c>cluster down --data DIR</c> stops them. Like the real CLI it names the serving primary, node 2
/// (or the node in the file <c>primary</c> beside the script; 0: none). Any other command fails as an unknown one would.
/// </summary>
internal sealed class StandInRepository : IDisposable
{
    private const string ClusterScript = """
        #!/usr/bin/env bash
        set -euo pipefail
        if [ "${1:-}" != cluster ]; then echo "Unrecognized command or argument '${1:-}'." >&2; exit 1; fi
        action="$2"; shift 2
        if [ "${1:-}" = --help ]; then printf 'Usage:\n  plover cluster %s [options]\n\nOptions:\n  --guest\n  --mode\n  --port-base\n  --data\n' "$action"; exit 0; fi
        args="$*"
        while [ $# -gt 0 ]; do
          case "$1" in
            --guest) guest="$2";; --mode) mode="$2";; --port-base) base="$2";; --data) data="$2";;
            *) echo "unknown option $1" >&2; exit 2;;
          esac
          shift 2
        done
        case "$action" in
          up)
            echo "cluster up $args" > "$data/up.args"
            for n in 1 2 3; do
              mkdir -p "$data/node$n"
              redis-server --port $((base + n)) --bind 127.0.0.1 --save "" --appendonly no --dir "$data/node$n" \
                --daemonize yes --pidfile "$data/node$n/node.pid" --logfile "$data/node$n/log"
            done
            primary=$(cat "$(dirname "$0")/primary" 2>/dev/null || echo 2)
            for n in 1 2 3; do
              role="backup (following)"; [ "$n" = "$primary" ] && role="primary (serving)"
              echo "  node $n: clients 127.0.0.1:$((base + n)), status http://127.0.0.1:$((base + 10 + n))/status, $role"
            done
            for _ in $(seq 100); do [ -s "$data/node1/node.pid" ] && [ -s "$data/node2/node.pid" ] && [ -s "$data/node3/node.pid" ] && exit 0; sleep 0.05; done
            echo "nodes did not write their pid files" >&2; exit 1;;
          down)
            for n in 1 2 3; do kill "$(cat "$data/node$n/node.pid")"; done;;
        esac
        """;

    /// <summary>As the real CLI answers for a command it lacks: root help (exit 0) when help is asked, else an error.</summary>
    private const string MissingScript = """
        #!/usr/bin/env bash
        for a in "$@"; do
          if [ "$a" = --help ]; then printf 'Usage:\n  plover [command] [options]\n\nCommands:\n  doctor\n  bench\n'; exit 0; fi
        done
        echo "Unrecognized command or argument '$1'." >&2
        exit 1
        """;

    /// <summary>A CLI whose `cluster up` lacks --port-base.</summary>
    private const string OlderClusterScript = """
        #!/usr/bin/env bash
        printf 'Usage:\n  plover cluster up [options]\n\nOptions:\n  --guest\n  --mode\n  --data\n'
        """;

    /// <summary>A CLI whose help itself fails.</summary>
    private const string BrokenScript = """
        #!/usr/bin/env bash
        echo "plover: build failed" >&2
        exit 1
        """;

    private StandInRepository(string script, bool withGuest)
    {
        Root = Directory.CreateTempSubdirectory("plover-bench-standin-").FullName;
        File.WriteAllText(Layout.Launcher, script.ReplaceLineEndings("\n") + "\n");
        if (!OperatingSystem.IsLinux()) throw new PlatformNotSupportedException("the stand-in CLI is a bash script");
        File.SetUnixFileMode(Layout.Launcher, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        if (!withGuest) return;
        Directory.CreateDirectory(Path.GetDirectoryName(Layout.Guest("kv.wasm"))!);
        File.WriteAllBytes(Layout.Guest("kv.wasm"), [0, 0x61, 0x73, 0x6d]);
    }

    /// <summary>A repository whose CLI has `cluster up` and `cluster down` (run by three redis-servers).</summary>
    public static StandInRepository WithCluster(bool withGuest = true) => new(ClusterScript, withGuest);

    /// <summary>A repository whose CLI has no `cluster` command yet.</summary>
    public static StandInRepository WithoutCluster() => new(MissingScript, withGuest: true);

    public static StandInRepository WithOlderCluster() => new(OlderClusterScript, withGuest: true);

    public static StandInRepository WithBrokenCli() => new(BrokenScript, withGuest: true);

    public string Root { get; }

    public RepositoryLayout Layout => new(Root);

    public void Dispose() => Directory.Delete(Root, recursive: true);
}

<?php

declare(strict_types=1);

namespace PushGrpc\Client\Cli;

use PushGrpc\Client\PushClient;

/**
 * @internal The example programs' command line (bin/send, bin/broadcast): long options, of which --address, --tls,
 * --ca and --app are common to all.
 */
final class Options
{
    private const GATEWAY_VALUED = ['address', 'ca', 'app'];
    private const GATEWAY_SWITCHES = ['tls'];

    /**
     * Parses the command line; on a bad one (or --help) prints the problem (or $summary) and $usage and exits with
     * status 2.
     *
     * @param list<string> $valued options that take a value (besides address, ca, app)
     * @param list<string> $switches options without a value (besides tls, help)
     * @return array<string, string|false> option => value (false for a switch that was given)
     */
    public static function parse(string $program, string $usage, string $summary, array $valued,
        array $switches): array
    {
        global $argv, $argc;
        $valued = [...self::GATEWAY_VALUED, ...$valued];
        $switches = [...self::GATEWAY_SWITCHES, ...$switches, 'help'];
        $restIndex = 0;
        $opts = getopt('', [...array_map(static fn (string $o): string => "$o:", $valued), ...$switches], $restIndex);
        if (isset($opts['help'])) {
            self::fail($program, $usage, $summary);
        }
        if ($restIndex < $argc) {
            self::fail($program, $usage, 'unexpected argument ' . $argv[$restIndex]);
        }
        // getopt() skips options it does not know; a typo should not go unnoticed.
        foreach (array_slice($argv, 1, $restIndex - 1) as $arg) {
            if (str_starts_with($arg, '--')
                && !in_array(explode('=', substr($arg, 2), 2)[0], [...$valued, ...$switches], true)) {
                self::fail($program, $usage, "unknown option $arg");
            }
        }
        foreach ($opts as $name => $value) {
            if (is_array($value)) {
                self::fail($program, $usage, "--$name given more than once");
            }
        }
        return $opts;
    }

    public static function fail(string $program, string $usage, string $problem): never
    {
        fwrite(STDERR, "$program: $problem\nusage: $program $usage\n");
        exit(2);
    }

    /** --app, default "demo". */
    public static function app(array $opts): string
    {
        return $opts['app'] ?? 'demo';
    }

    /** Connects as --address (default localhost:50051), --tls and --ca say. */
    public static function connect(array $opts): PushClient
    {
        return PushClient::connect($opts['address'] ?? 'localhost:50051', isset($opts['tls']), $opts['ca'] ?? null);
    }
}

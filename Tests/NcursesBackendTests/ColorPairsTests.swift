import CNcursesw
import Glibc
@testable import NcursesBackend
import Testing

/// Colour pairs are made on first use, reused after, and past the terminal's limit (or for a colour it
/// lacks) fall back to pair 0, the terminal's own colours.
@Suite(.serialized) struct ColorPairsTests {
    /// ncurses defines pairs only on a screen with colours started: one writing to /dev/null, as a
    /// 256-colour xterm, so no terminal is needed.
    private func withScreen(_ body: () throws -> Void) throws {
        let output = fopen("/dev/null", "w"), input = fopen("/dev/null", "r")
        let screen = try #require(newterm("xterm-256color", output, input), "no xterm-256color terminfo entry")
        defer {
            endwin()
            delscreen(screen)
            fclose(output)
            fclose(input)
        }
        try #require(has_colors())
        start_color()
        use_default_colors()
        try body()
    }

    private func colours(of pair: Int16) -> (Int16, Int16) {
        var foreground: Int16 = 0, background: Int16 = 0
        pair_content(pair, &foreground, &background)
        return (foreground, background)
    }

    @Test func pairsAreMadeOnceAndReused() throws {
        try withScreen {
            var pairs = ColorPairs()
            pairs.limit = Int(tk_color_pairs())
            #expect(pairs.pair(foreground: nil, background: nil) == 0, "default colours are pair 0")
            let red = pairs.pair(foreground: 1, background: nil)
            let blueOnWhite = pairs.pair(foreground: 4, background: 15)
            let grey = pairs.pair(foreground: 244, background: 236)
            #expect([red, blueOnWhite, grey] == [1, 2, 3])
            #expect(pairs.pair(foreground: 1, background: nil) == red)
            #expect(pairs.pair(foreground: 4, background: 15) == blueOnWhite)
            #expect(colours(of: red) == (1, -1))
            #expect(colours(of: blueOnWhite) == (4, 15))
            #expect(colours(of: grey) == (244, 236))
        }
    }

    @Test func pastTheLimitNewCombinationsGetTheDefaultPair() throws {
        try withScreen {
            var pairs = ColorPairs()
            pairs.limit = 3
            #expect(pairs.pair(foreground: 1, background: nil) == 1)
            #expect(pairs.pair(foreground: 2, background: nil) == 2)
            #expect(pairs.pair(foreground: 3, background: nil) == 0)
            #expect(pairs.pair(foreground: 1, background: nil) == 1, "existing pairs still resolve")
            #expect(colours(of: 2) == (2, -1))
        }
    }

    @Test func aColourTheTerminalLacksGetsTheDefaultPairAndUsesNoNumber() throws {
        try withScreen {
            var pairs = ColorPairs()
            pairs.limit = Int(tk_color_pairs())
            #expect(pairs.pair(foreground: Int(tk_colors()) + 10, background: nil) == 0)
            #expect(pairs.pair(foreground: 5, background: nil) == 1)
        }
    }

    /// Monochrome (or NO_COLOR): the backend leaves the limit at one pair, so everything draws in pair 0.
    @Test func monochromeUsesOnlyTheDefaultPair() {
        var pairs = ColorPairs()
        #expect(pairs.pair(foreground: 1, background: 2) == 0)
        #expect(pairs.pair(foreground: nil, background: nil) == 0)
    }
}

/// Removes what a terminal would interpret from Markdown text: escape sequences (ESC and the C1
/// CSI, OSC, DCS forms), other C0 and C1 controls, DEL and bidirectional overrides. The TUI
/// sanitises again, but `cairn docs show` prints these lines as they are.
enum TerminalSafeText {
    /// Markdown source before parsing: keeps tab, line feed and carriage return, which are
    /// Markdown's own structure.
    static func source(_ text: String) -> String {
        clean(text, keeping: [0x09, 0x0A, 0x0D], tabReplacement: nil)
    }

    /// A single-line text from the parse (text, inline code, URL, cell): tabs and line breaks
    /// become spaces. Character references such as `&#27;` decode to controls after parsing,
    /// so parsed text is cleaned again.
    static func inline(_ text: String) -> String {
        clean(text, keeping: [], tabReplacement: " ")
    }

    /// One line of a code block: tabs kept for the caller to expand.
    static func codeLine(_ text: String) -> String {
        clean(text, keeping: [0x09], tabReplacement: nil)
    }

    private static func clean(_ text: String, keeping kept: Set<UInt32>, tabReplacement: Unicode.Scalar?) -> String {
        // Fast path: nothing to remove.
        if !text.unicodeScalars.contains(where: { needsCleaning($0) }) { return text }
        var output = String.UnicodeScalarView()
        var scalars = text.unicodeScalars.makeIterator()
        var lookahead: Unicode.Scalar?
        while let scalar = lookahead ?? scalars.next() {
            lookahead = nil
            switch scalar.value {
            case 0x1B:
                lookahead = skipEscapeSequence(&scalars)
            case 0x9B:
                lookahead = skipControlSequence(&scalars)
            case 0x90, 0x98, 0x9D, 0x9E, 0x9F: // DCS, SOS, OSC, PM, APC
                lookahead = skipString(&scalars)
            case 0x09 where tabReplacement != nil, 0x0A where tabReplacement != nil, 0x0D where tabReplacement != nil:
                output.append(tabReplacement!)
            case _ where kept.contains(scalar.value):
                output.append(scalar)
            case 0x00...0x1F, 0x7F...0x9F:
                continue
            case 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069, 0x061C:
                continue
            default:
                output.append(scalar)
            }
        }
        return String(output)
    }

    private static func needsCleaning(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069, 0x061C: true
        default: false
        }
    }

    /// Skips what follows an ESC; returns a scalar read too far that belongs to the text.
    private static func skipEscapeSequence(_ scalars: inout String.UnicodeScalarView.Iterator) -> Unicode.Scalar? {
        guard let next = scalars.next() else { return nil }
        switch next {
        case "[": return skipControlSequence(&scalars)
        case "]", "P", "X", "^", "_": return skipString(&scalars)
        case " "..."/": // intermediate bytes, then a final byte: ESC ( B
            while let scalar = scalars.next() {
                switch scalar.value {
                case 0x20...0x2F: continue
                case 0x30...0x7E: return nil
                default: return scalar
                }
            }
            return nil
        case "0"..."~": return nil // a two-character sequence such as ESC c or ESC 7
        default: return next // a lone ESC: the next scalar is text
        }
    }

    /// CSI: parameter and intermediate bytes up to a final byte; anything else ends it early
    /// and is kept as text.
    private static func skipControlSequence(_ scalars: inout String.UnicodeScalarView.Iterator) -> Unicode.Scalar? {
        while let scalar = scalars.next() {
            switch scalar.value {
            case 0x20...0x3F: continue
            case 0x40...0x7E: return nil
            default: return scalar
            }
        }
        return nil
    }

    /// OSC, DCS and the like run to BEL or ST (ESC \); a line break ends them too, so an
    /// unterminated one cannot swallow the rest of the document.
    private static func skipString(_ scalars: inout String.UnicodeScalarView.Iterator) -> Unicode.Scalar? {
        while let scalar = scalars.next() {
            switch scalar.value {
            case 0x07, 0x9C: return nil
            case 0x1B:
                let next = scalars.next()
                return next == "\\" ? nil : next
            case 0x0A, 0x0D: return scalar
            default: continue
            }
        }
        return nil
    }
}

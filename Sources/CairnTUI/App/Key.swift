/// A key press, decoded from ncurses into something the reducer can match on.
public enum Key: Sendable, Equatable {
    case character(Character)
    case control(Character)
    case up, down, left, right
    case pageUp, pageDown, home, end
    case enter, escape, backspace, delete
    case tab, backTab
}

"""The studio's rules, without Telegram: business days, broadcasts, minimums, samples, fines,
targets, inquiries and report figures. Functions take ``now``; none reads the clock."""

"""Pricing engine of the quote node: request + catalog in, priced bill of materials out
(``pricing.price_quote``), and the review that holds doubtful quotes for a seller."""

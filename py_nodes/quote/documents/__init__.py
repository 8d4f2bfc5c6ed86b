"""What the customer and the sales team get: WhatsApp text, PDF, sales notice, exports."""

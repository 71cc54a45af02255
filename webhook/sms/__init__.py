"""The SMS text-in line: Twilio webhook, signature check, TwiML replies."""

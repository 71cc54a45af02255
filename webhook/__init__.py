"""FastAPI gateway of Safe Steps: web chat page and API, SMS (Twilio), stats."""

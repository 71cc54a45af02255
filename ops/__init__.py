"""Operations: starting, watching and stopping the assistant's processes."""

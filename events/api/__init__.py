"""The API's countries, organizations, places, people, events and agreements."""

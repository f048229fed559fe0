// The portal's .ics files as a calendar program reads them: Mozilla's ical.js (Thunderbird's parser), a second
// parser besides Python's icalendar. Usage: node ical_check.mjs FILE.ics...
//
// Prints JSON: {"FILE.ics": [{uid, summary, location, status, start, end}, ...], ...}, where start and end are
// {utc, stockholm, wall, tzid}: the instant in UTC as ical.js computes it from the file's own VTIMEZONE, that
// instant in Europe/Stockholm by Node's own time zone data (not the file's), and the wall-clock time as written.
// Only the file's VTIMEZONE is used (nothing is registered with ICAL.TimezoneService), so a TZID the file does
// not define is an error here, as it is for a calendar that has never heard of the zone. Any error exits 1.

import { readFileSync } from "node:fs";

import ICAL from "ical.js";

const STOCKHOLM = new Intl.DateTimeFormat("sv-SE", {
  timeZone: "Europe/Stockholm",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hourCycle: "h23",
});

function stockholm(date) {
  const part = Object.fromEntries(STOCKHOLM.formatToParts(date).map(({ type, value }) => [type, value]));
  return `${part.year}-${part.month}-${part.day}T${part.hour}:${part.minute}:${part.second}`;
}

function time(file, uid, name, value, property) {
  if (!value) throw new Error(`${file}: ${uid} has no ${name}`);
  const tzid = property.getParameter("tzid") ?? null;
  if (tzid !== null && value.zone?.tzid !== tzid) {
    throw new Error(`${file}: ${uid} ${name} names TZID=${tzid}, which the file's VTIMEZONE does not define`);
  }
  if (tzid === null && value.zone?.tzid !== "UTC") {
    throw new Error(`${file}: ${uid} ${name} is a floating time (no TZID, no Z)`);
  }
  const instant = value.toJSDate();
  return {
    utc: instant.toISOString().replace(".000Z", "Z"),
    stockholm: stockholm(instant),
    wall: value.toString(),
    tzid,
  };
}

function events(file) {
  const calendar = new ICAL.Component(ICAL.parse(readFileSync(file, "utf8")));
  if (calendar.name !== "vcalendar") throw new Error(`${file}: not a VCALENDAR but ${calendar.name}`);
  return calendar.getAllSubcomponents("vevent").map((component) => {
    const event = new ICAL.Event(component);
    const uid = event.uid;
    return {
      uid,
      summary: event.summary,
      location: event.location ?? null,
      status: component.getFirstPropertyValue("status"),
      start: time(file, uid, "DTSTART", event.startDate, component.getFirstProperty("dtstart")),
      end: time(file, uid, "DTEND", event.endDate, component.getFirstProperty("dtend")),
    };
  });
}

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node ical_check.mjs FILE.ics...");
  process.exit(2);
}
try {
  const result = {};
  for (const file of files) result[file] = events(file);
  process.stdout.write(JSON.stringify(result));
} catch (error) {
  console.error(error.message);
  process.exit(1);
}
